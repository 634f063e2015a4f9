// Directives: a typo, a missing colon, one after the first statement, one not allowed in the base schema.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/directives/schema.sql", migrations = "sql/directives/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
