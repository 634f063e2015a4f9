// Rule 5: duplicate versions, bad names, version 0, an empty (never saved) migration.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/bad_files/schema.sql", migrations = "sql/bad_files/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
