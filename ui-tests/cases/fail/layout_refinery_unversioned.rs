// refinery's `U` (unversioned) migrations have no place in one linear
// history; its Rust migrations cannot be replayed. Both are refused, not
// left out.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(
    base = none,
    migrations = "sql/layouts/refinery_unversioned",
    layout = "refinery",
);

fn main() {
    let _ = SCHEMA.migrations();
}
