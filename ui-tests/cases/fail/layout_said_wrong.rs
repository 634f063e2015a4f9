// A layout said that does not fit the files: every migration is named,
// never an empty history. Here a diesel directory said to be refinery's.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(
    base = none,
    migrations = "sql/layouts/diesel",
    layout = "refinery",
);

fn main() {
    let _ = SCHEMA.migrations();
}
