// Rule 6: PRAGMA foreign_keys, BEGIN/COMMIT and VACUUM inside the migration transaction.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(base = "sql/transactions/schema.sql", migrations = "sql/transactions/migrations");

fn main() {
    let _ = SCHEMA.migrations();
}
