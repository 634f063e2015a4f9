//! The `sqlx` feature: schemaguard's commands on sqlx connections and pool
//! connections, against the rusqlite commands on the same databases.

use std::path::Path;
use std::time::Duration;

use schemaguard::rusqlite;
use schemaguard::{Action, Error, State};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::{Connection, SqliteConnection};

/// `users`; 001 backfills names (data only, not rerunnable); 002 creates
/// `posts`; 003 adds a column to `users`.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(
    base = "tests/fixtures/app/schema.sql",
    migrations = "tests/fixtures/app/migrations",
);

/// The same history with migration 001 edited.
static EDITED: schemaguard::Schema = schemaguard::schema!(
    base = "tests/fixtures/edited/schema.sql",
    migrations = "tests/fixtures/edited/migrations",
);

fn options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
}

async fn connect(path: &Path) -> SqliteConnection {
    SqliteConnection::connect_with(&options(path))
        .await
        .unwrap()
}

async fn pool(path: &Path, connections: u32) -> SqlitePool {
    SqlitePoolOptions::new()
        .max_connections(connections)
        .connect_with(options(path))
        .await
        .unwrap()
}

/// What the run did, version by version (versions it found recorded left out).
fn versions(report: &schemaguard::Report) -> Vec<(u64, Action)> {
    report
        .outcomes
        .iter()
        .filter(|o| o.action != Action::AlreadyRecorded)
        .map(|o| (o.version, o.action.clone()))
        .collect()
}

#[tokio::test]
async fn a_sqlx_connection_migrates_a_file_then_queries_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let mut conn = connect(&path).await;

    assert!(!SCHEMA.sqlx().is_current(&mut conn).await.unwrap());
    let report = SCHEMA.sqlx().migrate(&mut conn).await.unwrap();
    assert_eq!(
        versions(&report),
        [
            (0, Action::Applied),
            (1, Action::Applied),
            (2, Action::Applied),
            (3, Action::Applied)
        ]
    );
    assert!(SCHEMA.sqlx().is_current(&mut conn).await.unwrap());
    let status = SCHEMA.sqlx().status(&mut conn).await.unwrap();
    assert!(status.tracked);
    assert!(status.migrations.iter().all(|m| m.state == State::Applied));
    assert!(!status.has_drift());
    assert!(SCHEMA.sqlx().migrate(&mut conn).await.unwrap().is_noop());

    // The same connection, as sqlx's again: the new tables and column.
    sqlx::query("INSERT INTO users (id, name, email) VALUES (1, 'ada', 'ada@example.org')")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("INSERT INTO posts (user_id, body) VALUES (1, 'hello')")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    // What sqlx migrated is what the rusqlite commands see.
    let plain = rusqlite::Connection::open(&path).unwrap();
    assert!(SCHEMA.is_current(&plain).unwrap());
    let posts: i64 = plain
        .query_row("SELECT count(*) FROM posts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(posts, 1);
}

#[tokio::test]
async fn a_pool_connection_migrates_and_every_connection_of_the_pool_sees_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("server.db");
    let pool = pool(&path, 2).await;

    // Another connection of the pool has used the database before the
    // migration, with a statement sqlx caches.
    const NEW_OBJECTS: &str =
        "SELECT name FROM sqlite_schema WHERE name IN ('posts', 'idx_posts_user')";
    let mut other = pool.acquire().await.unwrap();
    let before: Vec<(String,)> = sqlx::query_as(NEW_OBJECTS)
        .fetch_all(&mut *other)
        .await
        .unwrap();
    assert!(before.is_empty());

    // Migrated on a pool connection, inside a spawned task (the command's
    // future is `Send`).
    let migrating = pool.clone();
    let report = tokio::spawn(async move {
        SCHEMA
            .sqlx()
            .migrate(&mut migrating.acquire().await.unwrap())
            .await
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(report.applied(), 4);

    // The other connection: its cached statement, prepared again on the
    // new schema, and the tables the migration created.
    let after: Vec<(String,)> = sqlx::query_as(NEW_OBJECTS)
        .fetch_all(&mut *other)
        .await
        .unwrap();
    assert_eq!(after.len(), 2);
    sqlx::query("INSERT INTO users (id, name, email) VALUES (1, 'ada', 'ada@example.org')")
        .execute(&mut *other)
        .await
        .unwrap();
    sqlx::query("INSERT INTO posts (user_id, body) VALUES (1, 'hello')")
        .execute(&mut *other)
        .await
        .unwrap();
    let (email,): (String,) = sqlx::query_as("SELECT email FROM users WHERE id = 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(email, "ada@example.org");
    drop(other);

    assert!(
        SCHEMA
            .sqlx()
            .is_current(&mut pool.acquire().await.unwrap())
            .await
            .unwrap()
    );
    pool.close().await;
}

#[tokio::test]
async fn a_statement_sqlx_cached_before_a_migration_changed_its_table_reads_the_new_table() {
    // An untracked database at version 2 (no `email`), read with a
    // statement sqlx caches, then migrated on the same connection (003
    // adds `email`).
    let dir = tempfile::tempdir().unwrap();
    let mut conn = connect(&dir.path().join("old.db")).await;
    sqlx::raw_sql(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
         CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), body TEXT NOT NULL);
         CREATE INDEX idx_posts_user ON posts(user_id);
         INSERT INTO users VALUES (1, 'ada');",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let before = sqlx::query("SELECT * FROM users")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(sqlx::Row::len(&before), 2);

    let report = SCHEMA.sqlx().migrate(&mut conn).await.unwrap();
    assert_eq!(report.detected, Some(2));
    assert_eq!(versions(&report).last(), Some(&(3, Action::Applied)));

    let after = sqlx::query("SELECT * FROM users")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(sqlx::Row::len(&after), 3);
    let email: Option<String> = sqlx::Row::get(&after, "email");
    assert_eq!(email, None);
}

#[tokio::test]
async fn an_ambiguous_untracked_database_is_refused_then_baselined_through_sqlx() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("legacy.db");
    let mut conn = connect(&path).await;
    sqlx::raw_sql(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, NULL);",
    )
    .execute(&mut conn)
    .await
    .unwrap();

    // At version 0 or 1: the schema is the same, 001 changes data.
    let refused = SCHEMA.sqlx().migrate(&mut conn).await.unwrap_err();
    assert!(
        matches!(refused, Error::Ambiguous { from: 0, to: 1, .. }),
        "{refused:?}"
    );
    let mut plain = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        SCHEMA.migrate(&mut plain).unwrap_err().to_string(),
        refused.to_string()
    );
    assert!(!SCHEMA.sqlx().status(&mut conn).await.unwrap().tracked);

    // The application knows its databases ran 001.
    let report = SCHEMA.sqlx().baseline(&mut conn, 1).await.unwrap();
    assert_eq!(
        versions(&report),
        [(0, Action::Adopted), (1, Action::Adopted)]
    );
    let report = SCHEMA.sqlx().migrate(&mut conn).await.unwrap();
    assert_eq!(
        versions(&report),
        [(2, Action::Applied), (3, Action::Applied)]
    );
    // 001 was not run again: the row keeps its NULL name.
    let (name,): (Option<String>,) = sqlx::query_as("SELECT name FROM users WHERE id = 1")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(name, None);
    assert!(SCHEMA.is_current(&plain).unwrap());
}

#[tokio::test]
async fn an_edited_migration_is_refused_with_the_rusqlite_commands_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let mut conn = connect(&path).await;
    SCHEMA.sqlx().migrate(&mut conn).await.unwrap();

    let refused = EDITED.sqlx().migrate(&mut conn).await.unwrap_err();
    assert!(
        matches!(&refused, Error::Modified { version: 1, name, .. } if name == "name_everyone"),
        "{refused:?}"
    );
    let mut plain = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        EDITED.migrate(&mut plain).unwrap_err().to_string(),
        refused.to_string()
    );
    assert!(!EDITED.sqlx().is_current(&mut conn).await.unwrap());
    // Nothing was written: the database is still current for the
    // unedited history.
    assert!(SCHEMA.sqlx().is_current(&mut conn).await.unwrap());
}

#[tokio::test]
async fn a_sqlx_transaction_in_progress_is_refused_as_on_rusqlite() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = connect(&dir.path().join("app.db")).await;
    let mut tx = conn.begin().await.unwrap();
    let refused = SCHEMA.sqlx().migrate(&mut tx).await.unwrap_err();
    assert!(matches!(refused, Error::InTransaction), "{refused:?}");
    tx.rollback().await.unwrap();
    // sqlx's transaction ended as sqlx ended it; the connection migrates.
    assert_eq!(SCHEMA.sqlx().migrate(&mut conn).await.unwrap().applied(), 4);
}

/// A connection of `pool` holding the write lock, released by a task on
/// the test's (single-threaded) executor 100 ms later.
async fn lock_released_by_a_task(pool: &SqlitePool) -> tokio::task::JoinHandle<()> {
    let mut locker = pool.acquire().await.unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut *locker)
        .await
        .unwrap();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        sqlx::query("ROLLBACK").execute(&mut *locker).await.unwrap();
    })
}

/// What the README says of the executor: the command blocks the thread
/// that polls it. Here the only task that can release the lock the
/// migration waits for is on the same thread, so it waits for the whole
/// busy timeout and fails.
#[tokio::test(flavor = "current_thread")]
async fn a_command_blocks_the_thread_that_polls_it() {
    let dir = tempfile::tempdir().unwrap();
    let pool = SqlitePoolOptions::new()
        .max_connections(2)
        .connect_with(options(&dir.path().join("app.db")).busy_timeout(Duration::from_secs(1)))
        .await
        .unwrap();
    let release = lock_released_by_a_task(&pool).await;
    let refused = SCHEMA
        .sqlx()
        .migrate(&mut pool.acquire().await.unwrap())
        .await
        .unwrap_err();
    assert_eq!(
        refused.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy),
        "{refused:?}"
    );
    release.await.unwrap();
}

/// The README's way around it: on tokio's blocking pool, the executor's
/// thread stays free, the task releases the lock, the migration runs.
#[tokio::test(flavor = "current_thread")]
async fn on_the_blocking_pool_a_command_leaves_the_executor_free() {
    let dir = tempfile::tempdir().unwrap();
    let pool = SqlitePoolOptions::new()
        .max_connections(2)
        .connect_with(options(&dir.path().join("app.db")).busy_timeout(Duration::from_secs(5)))
        .await
        .unwrap();
    let release = lock_released_by_a_task(&pool).await;
    let mut conn = pool.acquire().await.unwrap();
    let runtime = tokio::runtime::Handle::current();
    let report =
        tokio::task::spawn_blocking(move || runtime.block_on(SCHEMA.sqlx().migrate(&mut conn)))
            .await
            .unwrap()
            .unwrap();
    assert_eq!(report.applied(), 4);
    release.await.unwrap();
}
