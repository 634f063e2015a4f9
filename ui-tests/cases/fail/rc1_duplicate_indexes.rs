// A release whose base schema had caught up with migrations 001 and 002 ("rc.1").
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/rc1/schema.sql", migrations = "sql/rc1/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
