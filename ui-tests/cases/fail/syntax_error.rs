// Rule 4: SQLite's own message, at migration 007 line 12, naming the SQLite that
// gave it (the harness shows its version as 3.x.y).
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/syntax_error/schema.sql", migrations = "sql/syntax_error/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
