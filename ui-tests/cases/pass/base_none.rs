// A project whose first migration creates the tables: no base schema file,
// version 0 is the empty schema.
static SCHEMA: schemaguard::Schema =
    schemaguard::schema!(base = none, migrations = "sql/layouts/none", layout = "schemaguard");

fn main() {
    let base = &SCHEMA.migrations()[0];
    assert_eq!((base.version(), base.name(), base.sql()), (0, "no_base_schema", ""));
    assert_eq!(SCHEMA.migrations()[1].name(), "create_posts");
}
