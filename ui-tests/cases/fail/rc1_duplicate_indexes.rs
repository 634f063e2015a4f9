// The seed's v1.0.0-rc.1 state: the base schema caught up with migrations 001 and 002.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/rc1/schema.sql", migrations = "sql/rc1/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
