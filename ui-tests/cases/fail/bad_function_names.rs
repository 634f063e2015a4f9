// Rule 7: `functions` entries that cannot be SQL function names.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/unknown_function/schema.sql", migrations = "sql/unknown_function/migrations", functions = ["vec_length", "vec length", "VEC_LENGTH"]);

fn main() {
    let _ = SCHEMA.migrations();
}
