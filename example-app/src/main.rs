//! An application as the README sets one up; `tests/schema.rs` is the
//! README's "Testing your schema with trybuild", as written.

pub static SCHEMA: schemaguard::Schema =
    schemaguard::schema!(base = "schema.sql", migrations = "migrations");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut conn = schemaguard::rusqlite::Connection::open_in_memory()?;
    println!("{}", SCHEMA.migrate(&mut conn)?);
    Ok(())
}
