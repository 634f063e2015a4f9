// Rule 7: a function the application registers at run time.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/unknown_function/schema.sql", migrations = "sql/unknown_function/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
