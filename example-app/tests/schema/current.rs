// tests/schema/current.rs: the real schema.sql and migrations/ still pass
static SCHEMA: schemaguard::Schema = schemaguard::schema!();

fn main() {
    assert!(SCHEMA.migrations().len() > 1);
}
