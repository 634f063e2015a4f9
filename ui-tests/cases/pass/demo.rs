// The demo schema of this repository.
static SCHEMA: schemaguard::Schema =
    schemaguard::schema!(base = "../migrations/schema.sql", migrations = "../migrations");

fn main() {
    let versions: Vec<u64> = SCHEMA.migrations().iter().map(|m| m.version()).collect();
    assert_eq!(versions, [0, 1, 2, 3, 4]);
    assert!(SCHEMA.migrations()[4].rerunnable());
}
