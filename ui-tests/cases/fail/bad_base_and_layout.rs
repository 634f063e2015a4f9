// `none` misspelt, quoted, and a layout misspelt.
static NONE_CAPITALISED: schemaguard::Schema =
    schemaguard::schema!(base = None, migrations = "sql/layouts/none");
static NONE_QUOTED: schemaguard::Schema =
    schemaguard::schema!(base = "none", migrations = "sql/layouts/none");
static LAYOUT: schemaguard::Schema =
    schemaguard::schema!(base = none, migrations = "sql/layouts/refinery", layout = "refinary");

fn main() {
    let _ = (NONE_CAPITALISED.migrations(), NONE_QUOTED.migrations(), LAYOUT.migrations());
}
