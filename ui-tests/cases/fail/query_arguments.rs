//! Arguments, parameter numbering, result columns the macros cannot use.
use schemaguard::{query, query_as, query_scalar};

struct User {
    id: i64,
    name: String,
}

fn main() {
    let _ = query!("SELECT id FROM users WHERE id = ?1 AND email = ?2", 1);
    let _ = query!("SELECT id FROM users", 1);
    let _ = query!("SELECT id FROM users WHERE id = ?3", 1, 2, 3);
    let _ = query_scalar!("SELECT id, email FROM users");
    let _ = query!("SELECT count(*) FROM users");
    let _ = query_as!(User, "SELECT id, name FROM users");
    let _ = query!("SELECT id, email AS id FROM users");
    let _ = query!(r#"SELECT email AS "email: not a type" FROM users"#);
    let _ = query!(r#"SELECT email AS "self", id AS "²" FROM users"#);
    let _ = query!(r#"SELECT id AS "due date" FROM users"#);
    // A bare `?` after `?1` is `?2`: no gap.
    let _ = query!("SELECT id FROM users WHERE id = ?1 AND email = ?", 1, "a");
    // An INSERT of a column a migration dropped names the migration.
    let _ = query!("INSERT INTO users (email, nickname) VALUES (?, ?)", "a", "b");
    // A type no one declared: rustc's error at the SQL that names it.
    let _ = query!(r#"SELECT id AS "id: NoSuchType" FROM users"#);
}
