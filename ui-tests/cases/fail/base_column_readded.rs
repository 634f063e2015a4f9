// Rule 2: a base column added again by a migration.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/base_column_readded/schema.sql", migrations = "sql/base_column_readded/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
