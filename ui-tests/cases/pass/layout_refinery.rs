// refinery's `V<version>__<name>.sql` read in place, the layout said.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(
    base = none,
    migrations = "sql/layouts/refinery",
    layout = "refinery",
);

fn main() {
    let got: Vec<(u64, &str)> = SCHEMA.migrations().iter().map(|m| (m.version(), m.name())).collect();
    assert_eq!(got, [(0, "no_base_schema"), (1, "create_posts"), (2, "post_tags")]);
    assert_eq!(SCHEMA.migrations()[2].file(), "sql/layouts/refinery/V2__post_tags.sql");
}
