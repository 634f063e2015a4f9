//! Types inferred through views, CTEs, subqueries and expressions, and
//! the arguments typed parameters accept. Never run: only type-checked.
use schemaguard::query::Value;
use schemaguard::rusqlite::{Connection, Result, ToSql};
use schemaguard::{query, query_scalar};

#[allow(dead_code)]
fn views_ctes_subqueries(conn: &Connection) -> Result<()> {
    // A view over a LEFT JOIN: the preserved side keeps NOT NULL.
    let row = query!("SELECT id, email, title FROM user_titles").fetch_one(conn)?;
    let _: i64 = row.id;
    let _: String = row.email;
    let _: Option<String> = row.title;
    let row = query!(
        "WITH t AS (SELECT u.id, p.title FROM users u LEFT JOIN posts p ON p.user_id = u.id) SELECT id, title FROM t"
    )
    .fetch_one(conn)?;
    let _: i64 = row.id;
    let _: Option<String> = row.title;
    let row = query!("SELECT s.email, s.n FROM (SELECT email, count(*) AS n FROM users GROUP BY email) s")
        .fetch_one(conn)?;
    let _: String = row.email;
    let _: i64 = row.n;
    Ok(())
}

#[allow(dead_code)]
fn expressions(conn: &Connection) -> Result<()> {
    let row = query!(
        "SELECT email || '?' AS q, length(email) AS len, coalesce(name, email) AS who, nullif(name, '') AS n, score * 2 AS dbl, id / 2 AS half, id = 1 AS first, CASE WHEN active THEN 'yes' END AS yes, CAST(score AS INTEGER) AS whole, typeof(avatar) AS kind, sum(id) AS ids FROM users GROUP BY id"
    )
    .fetch_one(conn)?;
    let _: String = row.q;
    let _: i64 = row.len;
    let _: String = row.who;
    let _: Option<String> = row.n;
    let _: Option<f64> = row.dbl;
    let _: Option<i64> = row.half; // division by zero is NULL
    let _: bool = row.first;
    let _: Option<String> = row.yes; // CASE without ELSE
    let _: Option<i64> = row.whole;
    let _: String = row.kind;
    let _: Option<i64> = row.ids;
    Ok(())
}

#[allow(dead_code)]
struct Email(String);

impl ToSql for Email {
    fn to_sql(&self) -> Result<schemaguard::rusqlite::types::ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}
impl schemaguard::param::Text for Email {}

#[allow(dead_code)]
fn typed_parameters(conn: &Connection, id: u32, email: &str, bio: Option<&str>) -> Result<()> {
    // Integers of any width, &str, Option where NULL is allowed, Value anywhere.
    query!("UPDATE users SET name = ?1, score = ?2 WHERE id = ?3", bio, 3, id).execute(conn)?;
    query!("INSERT INTO users (email, name) VALUES (?, ?), (?, NULL)", email, None::<String>, String::new())
        .execute(conn)?;
    let _: Vec<i64> = query_scalar!("SELECT id FROM users WHERE email = ?1 OR name IS ?2 LIMIT ?3", Email("a".into()), bio, 5u8)
        .fetch_all(conn)?;
    let any: &dyn ToSql = &7;
    let _: Vec<i64> = query_scalar!("SELECT id FROM users WHERE id = ?1 OR id = ?2", any, Value::Null).fetch_all(conn)?;
    // A NUMERIC or untyped context: any ToSql.
    let _: Vec<i64> = query_scalar!("SELECT id FROM users WHERE lower(email) = ?1", 5).fetch_all(conn)?;
    Ok(())
}

fn main() {}
