// The rules are the same in another tool's layout, and messages show the
// real paths: diesel's PostgreSQL setup directory is version 0, and a
// migration that creates `users` again is a double definition.
static SCHEMA: schemaguard::Schema =
    schemaguard::schema!(base = none, migrations = "sql/layouts/diesel_errors");

fn main() {
    let _ = SCHEMA.migrations();
}
