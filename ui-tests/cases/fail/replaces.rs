// Rule 1: `replaces` that re-creates nothing, names no base object, or is missing.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/replaces/schema.sql", migrations = "sql/replaces/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
