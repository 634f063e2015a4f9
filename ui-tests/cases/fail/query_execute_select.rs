//! `execute` on a statement that returns rows and changes nothing: its
//! rows would be thrown away, so it is a compile error at `.execute`.
use schemaguard::rusqlite::{Connection, Result};
use schemaguard::{query, query_file, query_scalar};

fn run(conn: &Connection) -> Result<()> {
    query!("SELECT id FROM users WHERE email = ?1", "a@b.c").execute(conn)?;
    query!("WITH named AS (SELECT id FROM users WHERE name IS NOT NULL) SELECT id FROM named")
        .execute(conn)?;
    query_scalar!("SELECT count(*) FROM posts").execute(conn)?;
    query_file!("queries/post.sql", 1).execute(conn)?;
    Ok(())
}

fn main() {
    let _ = run;
}
