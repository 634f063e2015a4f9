// Rule 3: `IF NOT EXISTS` would silently skip a changed index definition.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/masked_if_not_exists/schema.sql", migrations = "sql/masked_if_not_exists/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
