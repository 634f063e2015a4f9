// tests/schema/broken_duplicate_index.rs: a base schema that "caught up" with a migration
static SCHEMA: schemaguard::Schema = schemaguard::schema!(
    base = "tests/schema/broken/schema.sql",
    migrations = "tests/schema/broken/migrations",
);

fn main() {}
