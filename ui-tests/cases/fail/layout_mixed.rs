// A directory holding schemaguard's (or sqlx's) and refinery's names: which
// tool's is it? Refused, naming one file of each.
static SCHEMA: schemaguard::Schema =
    schemaguard::schema!(base = none, migrations = "sql/layouts/mixed");

fn main() {
    let _ = SCHEMA.migrations();
}
