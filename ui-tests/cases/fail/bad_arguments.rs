// Bad macro arguments, all reported at once.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = 5, bsae = "schema.sql", migrations = "sql/rc1/migrations", migrations = "migrations", functions = "vec_length");

fn main() {
    let _ = SCHEMA.migrations();
}
