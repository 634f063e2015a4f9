// sqlx's migrations read in place, the layout detected from the names:
// `<version>_<name>.up.sql` (its `.down.sql` ignored) next to a simple
// `<version>_<name>.sql`; the project has no base schema.
static SCHEMA: schemaguard::Schema =
    schemaguard::schema!(base = none, migrations = "sql/layouts/sqlx");

fn main() {
    let got: Vec<(u64, &str)> = SCHEMA.migrations().iter().map(|m| (m.version(), m.name())).collect();
    assert_eq!(
        got,
        [(0, "no_base_schema"), (20231102101500, "create_posts"), (20231120083000, "post_tags")]
    );
    assert_eq!(SCHEMA.migrations()[1].file(), "sql/layouts/sqlx/20231102101500_create_posts.up.sql");
    assert!(!SCHEMA.migrations()[1].sql().contains("DROP"));
}
