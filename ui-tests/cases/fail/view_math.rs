// `ceil` is one of SQLite's optional math functions, which rusqlite's bundled
// SQLite lacks: the help gives both ways out. (Built with
// LIBSQLITE3_FLAGS="-DSQLITE_ENABLE_MATH_FUNCTIONS", this case compiles.)
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/view_math/schema.sql", migrations = "sql/view_math/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
