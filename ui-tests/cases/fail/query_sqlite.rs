//! SQLite rejects the query against the schema after the last migration.
use schemaguard::query;

fn main() {
    let _ = query!("SELECT id, emial FROM users");
    let _ = query!(
        "SELECT id,
                nickname
         FROM users"
    );
    let _ = query!("SELECT * FROM accounts");
    let _ = query!("SELEC id FROM users");
    let _ = query!("SELECT 1; SELECT 2");
    // SQL in a file: the error shows the file's path.
    let _ = schemaguard::query_file!("queries/dropped.sql");
    let _ = schemaguard::query_file!("queries/missing.sql");
}

// An error is the whole expansion: using the rows gives no second error.
#[allow(dead_code)]
fn rows(conn: &schemaguard::rusqlite::Connection) {
    let row = query!("SELECT emial FROM users").fetch_one(conn).unwrap();
    let _: i64 = row.emial;
}
