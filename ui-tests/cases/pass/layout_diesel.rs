// diesel's `<timestamp>_<name>/up.sql` directories read in place, the
// layout detected; `down.sql` and `.keep` are not read. The version is
// the timestamp's digits.
static SCHEMA: schemaguard::Schema =
    schemaguard::schema!(base = none, migrations = "sql/layouts/diesel");

fn main() {
    let got: Vec<(u64, &str)> = SCHEMA.migrations().iter().map(|m| (m.version(), m.name())).collect();
    assert_eq!(
        got,
        [(0, "no_base_schema"), (20231102101500, "create_posts"), (20231120083000, "post_tags")]
    );
    assert_eq!(
        SCHEMA.migrations()[1].file(),
        "sql/layouts/diesel/2023-11-02-101500_create_posts/up.sql"
    );
}
