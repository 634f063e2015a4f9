//! The types `query!` infers, asserted by the compiler. Never run: the
//! functions only have to type-check.
use schemaguard::query::Value;
use schemaguard::rusqlite::{Connection, Result};
use schemaguard::{query, query_as, query_scalar};

#[allow(dead_code)]
fn plain_columns(conn: &Connection) -> Result<()> {
    let row = query!("SELECT id, email, name, score, avatar, active, bio FROM users WHERE id = ?1", 1)
        .fetch_one(conn)?;
    let _: i64 = row.id; // INTEGER PRIMARY KEY
    let _: String = row.email; // TEXT NOT NULL
    let _: Option<String> = row.name; // TEXT
    let _: Option<f64> = row.score; // REAL
    let _: Option<Vec<u8>> = row.avatar; // BLOB
    let _: bool = row.active; // BOOLEAN NOT NULL
    let _: String = row.bio; // added by migration 002, NOT NULL
    Ok(())
}

#[allow(dead_code)]
fn joins_views_compounds(conn: &Connection) -> Result<()> {
    let row = query!(
        "SELECT u.email, p.title FROM users u LEFT JOIN posts p ON p.user_id = u.id"
    )
    .fetch_one(conn)?;
    let _: String = row.email; // the preserved side keeps NOT NULL
    let _: Option<String> = row.title; // the outer side
    let row = query!("SELECT u.email, p.title FROM posts p RIGHT JOIN users u ON p.user_id = u.id")
        .fetch_one(conn)?;
    let _: String = row.email;
    let _: Option<String> = row.title;
    let row = query!("SELECT u.email, p.title FROM users u JOIN posts p ON p.user_id = u.id")
        .fetch_one(conn)?;
    let _: String = row.email;
    let _: String = row.title;
    let row = query!("SELECT id, title FROM user_titles").fetch_one(conn)?;
    let _: i64 = row.id; // through a view: its preserved side
    let _: Option<String> = row.title;
    let row = query!("SELECT email FROM users UNION ALL SELECT title FROM posts").fetch_one(conn)?;
    let _: Option<String> = row.email; // compound arms
    let row = query!("SELECT (SELECT title FROM posts LIMIT 1) AS first_title").fetch_one(conn)?;
    let _: Option<String> = row.first_title; // scalar subquery
    Ok(())
}

#[allow(dead_code)]
fn aggregates_and_expressions(conn: &Connection) -> Result<()> {
    let row = query!(
        "SELECT count(*) AS n, max(id) AS top, min(email) AS first, total(score) AS t, avg(score) AS mean FROM users"
    )
    .fetch_one(conn)?;
    let _: i64 = row.n;
    let _: Option<i64> = row.top;
    let _: Option<String> = row.first;
    let _: f64 = row.t;
    let _: Option<f64> = row.mean;
    let row = query!("SELECT 1 AS one, 'x' AS x, CAST(id AS TEXT) AS s, id + 1 AS next FROM users")
        .fetch_one(conn)?;
    let _: i64 = row.one;
    let _: String = row.x;
    let _: String = row.s; // CAST of a NOT NULL column
    let _: i64 = row.next; // INTEGER + INTEGER
    let n: i64 = query_scalar!("SELECT count(*) FROM posts").fetch_one(conn)?;
    let _ = n;
    Ok(())
}

#[allow(dead_code)]
fn strict_returning_parameters(conn: &Connection) -> Result<()> {
    let row = query!("SELECT name, uses, note FROM tags").fetch_one(conn)?;
    let _: String = row.name; // STRICT primary key
    let _: i64 = row.uses;
    let _: Option<Value> = row.note; // ANY
    let id: i64 = query_scalar!("INSERT INTO users (email) VALUES (?1) RETURNING id", "a@b.c")
        .fetch_one(conn)?;
    let _ = id;
    let ids: Vec<i64> = query_scalar!("SELECT id FROM users WHERE email = :email OR name = :email", "x")
        .fetch_all(conn)?;
    let _ = ids;
    let n: usize = query!("UPDATE users SET name = ?2 WHERE id = ?1", 1, "n").execute(conn)?;
    let _ = n;
    Ok(())
}

/// `execute` runs every statement that may change something, with or
/// without `RETURNING` (a read-only one with rows is refused:
/// cases/fail/query_execute_select.rs); its rows can still be fetched.
#[allow(dead_code)]
fn execute_runs_writes(conn: &Connection) -> Result<()> {
    let inserted: usize = query!("INSERT INTO users (email) VALUES (?1)", "a@b.c").execute(conn)?;
    let updated: usize = query!("UPDATE users SET name = ?1 WHERE id = ?2", "n", 1).execute(conn)?;
    let deleted: usize = query!("DELETE FROM posts WHERE user_id = ?1", 1).execute(conn)?;
    let returned: usize =
        query!("INSERT INTO users (email) VALUES (?1) RETURNING id", "a@b.c").execute(conn)?;
    let scalar: usize =
        query_scalar!("DELETE FROM users WHERE id = ?1 RETURNING email", 1).execute(conn)?;
    let _ = (inserted, updated, deleted, returned, scalar);
    query!("PRAGMA journal_mode = WAL").execute(conn)?;
    let row = query!("UPDATE users SET name = ?1 WHERE id = ?2 RETURNING id", "n", 1).fetch_one(conn)?;
    let _: i64 = row.id;
    Ok(())
}

#[allow(dead_code)]
fn overrides(conn: &Connection) -> Result<()> {
    let row = query!(
        r#"SELECT name AS "name!", email AS "email?", score AS "score: f32", max(id) AS "top!" FROM users"#
    )
    .fetch_one(conn)?;
    let _: String = row.name;
    let _: Option<String> = row.email;
    let _: Option<f32> = row.score;
    let _: i64 = row.top;
    // A column named like a Rust keyword is a raw identifier.
    let row = query!(r#"SELECT email AS "type", id AS "self_" FROM users"#).fetch_one(conn)?;
    let _: String = row.r#type;
    let _: i64 = row.self_;
    Ok(())
}

#[allow(dead_code)]
struct User {
    id: i64,
    email: String,
    name: Option<String>,
}

#[allow(dead_code)]
fn into_a_struct(conn: &Connection) -> Result<Vec<User>> {
    query_as!(User, "SELECT id, email, name FROM users ORDER BY id").fetch_all(conn)
}

#[allow(dead_code)]
struct Post {
    id: i64,
    title: String,
    email: String,
}

#[allow(dead_code)]
fn from_files(conn: &Connection) -> Result<()> {
    let row = schemaguard::query_file!("queries/post.sql", 1).fetch_one(conn)?;
    let _: i64 = row.id;
    let _: String = row.title;
    let _: String = row.email;
    let _: Post = schemaguard::query_file_as!(Post, "queries/post.sql", 1).fetch_one(conn)?;
    Ok(())
}

fn main() {}
