// Rule 4: a table used before the migration that creates it, a failing INSERT, a view that can never be queried.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/order/schema.sql", migrations = "sql/order/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
