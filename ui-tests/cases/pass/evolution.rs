// Legitimate evolution is not a false positive: drop-and-create of a
// migration-owned view, a table rebuild with `replaces`, FTS5, triggers
// with semicolons in their bodies, generated columns, partial indexes,
// SQL inside strings and comments, a BOM and CRLF line endings, and a
// migration that is only a comment (a deliberate no-op).
static SCHEMA: schemaguard::Schema = schemaguard::schema!(
    base = "sql/evolution/schema.sql",
    migrations = "sql/evolution/migrations",
);

fn main() {
    let rebuild = &SCHEMA.migrations()[3];
    assert!(rebuild.foreign_keys_off());
    assert_eq!(rebuild.replaces(), ["idx_notes_created_at"]);
    assert!(rebuild.drops_data());
    let no_op = &SCHEMA.migrations()[5];
    assert_eq!(no_op.name(), "widen_timestamps");
    assert!(no_op.is_schema_only());
}
