// Rule 5: a migration that is not UTF-8.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/not_utf8/schema.sql", migrations = "sql/not_utf8/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
