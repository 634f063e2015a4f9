//! An async sqlx application that migrates with schemaguard: its
//! `migrations/` directory is sqlx's (no base schema, timestamped files),
//! read in place. A database file is opened with one `SqliteConnection`,
//! another through a `SqlitePool`; each is migrated on a sqlx connection and
//! queried with sqlx.
//!
//! Run it with `cargo run --manifest-path sqlx-example/Cargo.toml`.

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Connection, SqliteConnection};

/// sqlx's layout, checked when this file compiles: the first migration
/// creates the tables.
static SCHEMA: schemaguard::Schema =
    schemaguard::schema!(base = none, migrations = "migrations", layout = "sqlx");

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let options = SqliteConnectOptions::new().create_if_missing(true);

    // 1. One connection, as a command-line tool opens its database.
    let mut conn =
        SqliteConnection::connect_with(&options.clone().filename(dir.path().join("app.db")))
            .await?;
    let report = SCHEMA.sqlx().migrate(&mut conn).await?;
    println!("== app.db, one connection\n{report}");
    assert_eq!(report.applied(), 3); // the empty base schema and two files
    assert!(SCHEMA.sqlx().is_current(&mut conn).await?);
    let again = SCHEMA.sqlx().migrate(&mut conn).await?;
    println!("again: {again}");
    assert!(again.is_noop());
    // The connection goes on as sqlx's, on the migrated schema.
    let (notes,): (i64,) = sqlx::query_as("SELECT count(*) FROM notes")
        .fetch_one(&mut conn)
        .await?;
    assert_eq!(notes, 0);
    conn.close().await?;

    // 2. A pool, as a server opens its database.
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options.filename(dir.path().join("server.db")))
        .await?;
    // At start-up, before the pool serves: on one of its connections.
    let report = SCHEMA.sqlx().migrate(&mut *pool.acquire().await?).await?;
    println!("\n== server.db, a pool's connection\n{report}");

    // Requests, on the pool's connections: the tables and the view the
    // migrations created.
    sqlx::query("INSERT INTO users (id, name) VALUES (1, 'ada')")
        .execute(&pool)
        .await?;
    let mut requests = Vec::new();
    for i in 0..8 {
        let pool = pool.clone();
        requests.push(tokio::spawn(async move {
            sqlx::query("INSERT INTO notes (user_id, body, published) VALUES (1, ?1, ?2)")
                .bind(format!("note {i}"))
                .bind(i % 2)
                .execute(&pool)
                .await
        }));
    }
    for request in requests {
        request.await??;
    }
    let published: Vec<(String,)> =
        sqlx::query_as("SELECT body FROM published_notes ORDER BY body")
            .fetch_all(&pool)
            .await?;
    println!(
        "published notes: {:?}",
        published.iter().map(|(b,)| b.as_str()).collect::<Vec<_>>()
    );
    assert_eq!(published.len(), 4);

    let status = SCHEMA.sqlx().status(&mut *pool.acquire().await?).await?;
    println!("\n== status\n{status}");
    assert!(!status.has_drift());

    // 3. The engine blocks the thread that polls it. To keep an executor
    // thread free while it runs, run it on tokio's blocking pool, with a
    // connection the closure owns.
    let mut conn = pool.acquire().await?;
    let runtime = tokio::runtime::Handle::current();
    let report =
        tokio::task::spawn_blocking(move || runtime.block_on(SCHEMA.sqlx().migrate(&mut conn)))
            .await??;
    println!("\n== on the blocking pool\n{report}");
    assert!(report.is_noop());

    pool.close().await;
    Ok(())
}
