//! `fetch_…` on a statement without result columns: there is no row to
//! fetch (and `fetch_one` would fail after the statement ran), so it is a
//! compile error at the call.
use schemaguard::query;
use schemaguard::rusqlite::{Connection, Result};

fn run(conn: &Connection) -> Result<()> {
    let _ = query!("INSERT INTO users (email) VALUES (?1)", "a@b.c").fetch_one(conn)?;
    let _ = query!("DELETE FROM posts WHERE id = ?1", 7).fetch_all(conn)?;
    Ok(())
}

fn main() {
    let _ = run;
}
