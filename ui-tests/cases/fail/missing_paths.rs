// Rule 5: paths that do not exist.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/nowhere/schema.sql", migrations = "sql/nowhere/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
