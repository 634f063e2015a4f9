//! `schema!` given other paths, without `[package.metadata.schemaguard]`:
//! it checks them, but `query!` reads the defaults, which are not there,
//! and says where it reads from.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(
    base = "db/schema.sql",
    migrations = "db/migrations"
);

fn main() {
    let _ = &SCHEMA;
    let _ = schemaguard::query!("SELECT id FROM users");
}
