// Rule 7 for views: SQLite resolves a view's functions only when the view is
// queried, after the last migration; every function the views lack is named
// in one error.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/view_functions/schema.sql", migrations = "sql/view_functions/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
