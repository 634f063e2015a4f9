//! Where a parameter takes NULL, an `Option` fits in every shape a
//! caller holds one. Never run: the functions only have to type-check.
use schemaguard::query;
use schemaguard::rusqlite::{Connection, Result};

/// The optional filter: a parameter the statement tests for NULL itself
/// takes an `Option`, though it is also compared with a column.
#[allow(dead_code)]
fn optional_filters(
    conn: &Connection,
    title: Option<&str>,
    user: Option<i64>,
) -> Result<()> {
    let rows = query!(
        "SELECT id FROM posts WHERE (?1 IS NULL OR title = ?1) AND (?2 ISNULL OR user_id = ?2)",
        title,
        user
    )
    .fetch_all(conn)?;
    let _: Vec<i64> = rows.into_iter().map(|r| r.id).collect();
    let _ = query!(
        "SELECT id FROM posts WHERE (:user IS NULL OR user_id = :user) AND id > @after",
        None::<i64>,
        0
    )
    .fetch_all(conn)?;
    let _ = query!(
        "SELECT id FROM posts WHERE user_id = coalesce(?1, user_id) OR user_id = ?1",
        &user
    )
    .fetch_all(conn)?;
    Ok(())
}

struct Profile {
    name: Option<String>,
    score: Option<f64>,
    avatar: Option<Vec<u8>>,
    post_body: Option<String>,
}

/// `&self.field` of an `Option`, and an `Option` of a reference, into
/// columns that accept NULL.
#[allow(dead_code)]
fn references_to_options(conn: &Connection, p: &Profile, id: &Option<i64>) -> Result<()> {
    query!(
        "UPDATE users SET name = ?, score = ?, avatar = ? WHERE id IS ?",
        &p.name,
        &p.score,
        &p.avatar,
        id
    )
    .execute(conn)?;
    query!("UPDATE posts SET body = ?1 WHERE id = ?2", &p.post_body, 1).execute(conn)?;
    query!(
        "UPDATE users SET name = ?, score = ? WHERE id = ?",
        p.name.as_deref(),
        p.score.as_ref(),
        1
    )
    .execute(conn)?;
    Ok(())
}

fn main() {}
