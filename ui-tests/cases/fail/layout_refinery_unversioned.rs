// refinery's `U` (unversioned) migrations have no place in one linear
// history.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(
    base = none,
    migrations = "sql/layouts/refinery_unversioned",
    layout = "refinery",
);

fn main() {
    let _ = SCHEMA.migrations();
}
