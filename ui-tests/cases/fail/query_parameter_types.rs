//! An argument of another type than the column its parameter meets.
use schemaguard::query;

fn main() {
    let id = "7";
    // Compared with an INTEGER PRIMARY KEY.
    let _ = query!("SELECT email FROM users WHERE id = ?1", id);
    // Inserted into a TEXT NOT NULL column: an Option could be NULL.
    let email: Option<String> = None;
    let _ = query!("INSERT INTO users (email, score) VALUES (?, ?)", email, 2.5);
    // Assigned to a BOOLEAN column.
    let _ = query!("UPDATE users SET active = ?1 WHERE id = ?2", 1, 7);
    // A LIMIT is an integer.
    let _ = query!("SELECT id FROM users LIMIT ?", 2.5);
    // `= NULL` is never true.
    let _ = query!("SELECT id FROM posts WHERE user_id = ?", Some(1));
    // A reference to an Option is refused where an Option is.
    let _ = query!("INSERT INTO users (email, score) VALUES (?, ?)", &email, 2.5);
    // An optional filter takes an Option, still of the column's type.
    let _ = query!("SELECT id FROM posts WHERE (?1 IS NULL OR user_id = ?1)", Some("7"));
    // In a file, the error names it.
    let _ = schemaguard::query_file!("queries/post.sql", "one");
}
