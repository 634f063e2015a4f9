//! A tokio-rusqlite application that migrates with schemaguard: the
//! rusqlite commands run on tokio-rusqlite's own thread, through `call`.
//!
//! Run it with
//! `cargo run --manifest-path sqlx-example/Cargo.toml --example tokio_rusqlite`.

/// The same migrations as the sqlx application's (`migrations/`).
static SCHEMA: schemaguard::Schema =
    schemaguard::schema!(base = none, migrations = "migrations", layout = "sqlx");

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let conn = tokio_rusqlite::Connection::open(dir.path().join("app.db")).await?;

    // The closure runs on the connection's thread, not on the executor's.
    let report = conn.call(|c| SCHEMA.migrate(c)).await?;
    println!("{report}");
    assert!(conn.call(|c| SCHEMA.is_current(c)).await?);

    let published: i64 = conn
        .call(|c| {
            c.execute("INSERT INTO users (id, name) VALUES (1, 'ada')", [])?;
            c.execute(
                "INSERT INTO notes (user_id, body, published) VALUES (1, 'hello', 1)",
                [],
            )?;
            c.query_row("SELECT count(*) FROM published_notes", [], |row| row.get(0))
        })
        .await?;
    println!("published notes: {published}");
    assert_eq!(published, 1);

    conn.close().await?;
    Ok(())
}
