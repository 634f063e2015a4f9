//! The demo: the schema in `migrations/` applied to a fresh database, run
//! again, the application's queries (`query!` and friends, checked against
//! the schema after the last migration when this file compiles), then
//! used to upgrade two databases made by older releases that never
//! recorded their migrations (the incident schemaguard exists for), and
//! refusing a database that matches no version.
//!
//! Run it with `cargo run -p schemaguard --example demo`.

use schemaguard::rusqlite::Connection;
use schemaguard::{query, query_as, query_scalar};

/// The application's schema, checked when this file compiles: `schema.sql`
/// and `migrations/` of this crate (links to the repository's
/// `migrations/`), which the queries below are checked against too.
static SCHEMA: schemaguard::Schema = schemaguard::schema!();

/// A row of `tokens`, read with `query_as!`: each field's type is checked
/// against its column when this file compiles.
struct Token {
    me: String,
    scope: String,
    client_id: Option<String>,
}

/// What v0.9 created: no tracking table, tokens in plain text.
const V0_9: &str = "
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        slug TEXT NOT NULL UNIQUE,
        file_path TEXT NOT NULL UNIQUE,
        published INTEGER NOT NULL DEFAULT 0,
        created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
        updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
        content_hash TEXT);
    CREATE INDEX idx_notes_created_at ON notes(created_at DESC);
    CREATE INDEX idx_notes_published ON notes(published);
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_token_hash TEXT NOT NULL UNIQUE,
        me TEXT NOT NULL,
        created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
        expires_at TIMESTAMP NOT NULL,
        last_used_at TIMESTAMP, user_agent TEXT, ip_address TEXT);
    CREATE INDEX idx_sessions_expires ON sessions(expires_at);
    CREATE TABLE auth_state (
        state TEXT PRIMARY KEY,
        created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
        expires_at TIMESTAMP NOT NULL,
        redirect_uri TEXT);
    CREATE INDEX idx_auth_state_expires ON auth_state(expires_at);
    CREATE TABLE tokens (token TEXT PRIMARY KEY, me TEXT NOT NULL, scope TEXT);
    INSERT INTO notes (slug, file_path, published) VALUES ('hello-world', 'notes/hello.md', 1);
    INSERT INTO tokens VALUES ('plain-text-secret', 'https://example.org/', 'create,update');
";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    env_logger_lite();
    let dir = tempfile::tempdir()?;

    println!("== 1. a fresh database");
    let mut conn = Connection::open(dir.path().join("fresh.db"))?;
    println!("{}", SCHEMA.migrate(&mut conn)?);
    println!("{}", SCHEMA.status(&conn)?);

    println!("== 2. the same database, next start-up");
    println!("{}", SCHEMA.migrate(&mut conn)?);
    println!("is_current: {}\n", SCHEMA.is_current(&conn)?);

    println!("== 3. the application's queries, typed from the schema after migration 004");
    application(&conn)?;

    println!("== 4. a v0.9 database: no tracking table, plain-text tokens");
    let mut legacy = Connection::open(dir.path().join("v0.9.db"))?;
    legacy.execute_batch(V0_9)?;
    println!("{}", SCHEMA.migrate(&mut legacy)?);
    println!("{}", SCHEMA.status(&legacy)?);
    let notes: i64 = query_scalar!("SELECT count(*) FROM notes").fetch_one(&legacy)?;
    let tokens: i64 = query_scalar!("SELECT count(*) FROM tokens").fetch_one(&legacy)?;
    println!("notes kept: {notes}; plain-text tokens dropped by migration 002: {tokens} left\n");

    println!("== 5. an rc.1 database: made by a base schema that had caught up");
    let mut rc1 = Connection::open(dir.path().join("rc1.db"))?;
    rc1.execute_batch(V0_9)?;
    rc1.execute_batch(
        "ALTER TABLE auth_state ADD COLUMN code_verifier TEXT NOT NULL DEFAULT '';
         DROP TABLE tokens;",
    )?;
    rc1.execute_batch(SCHEMA.migrations()[2].sql())?;
    rc1.execute_batch("DROP INDEX idx_auth_codes_hash; DROP INDEX idx_auth_codes_expires;")?;
    // Something no migration made: tolerated, and listed as drift.
    rc1.execute_batch("CREATE TABLE audit_log (at TEXT, what TEXT);")?;
    println!("{}", SCHEMA.migrate(&mut rc1)?);
    println!("{}", SCHEMA.status(&rc1)?);

    println!("== 6. a database edited by hand: refused, nothing written");
    let mut odd = Connection::open(dir.path().join("odd.db"))?;
    odd.execute_batch(V0_9)?;
    odd.execute_batch("DROP INDEX idx_notes_published; CREATE INDEX idx_notes_published ON notes(published, slug);")?;
    match SCHEMA.migrate(&mut odd) {
        Ok(report) => println!("unexpected: {report}"),
        Err(e) => println!("error: {e}"),
    }
    Ok(())
}

/// What the application does with its database: every statement is
/// checked when this file compiles (a misspelt column, a column a
/// migration dropped, a wrong number of arguments or a field of the wrong
/// type is a compile error at the SQL), and each row is typed.
fn application(conn: &Connection) -> Result<(), Box<dyn std::error::Error>> {
    let hello: i64 = query_scalar!(
        "INSERT INTO notes (slug, file_path) VALUES (?1, ?2) RETURNING id",
        "hello-world",
        "notes/hello.md"
    )
    .fetch_one(conn)?;
    query!(
        "INSERT INTO notes (slug, file_path) VALUES (?1, ?2)",
        "draft",
        "notes/draft.md"
    )
    .execute(conn)?;
    let published = query!("UPDATE notes SET published = 1 WHERE id = ?1", hello).execute(conn)?;
    println!("notes published: {published}");
    // `published_notes` is a view (migration 003) over `notes`: its columns
    // keep the table's NOT NULL, so `id` and `slug` are not `Option`s.
    for note in query!("SELECT id, slug FROM published_notes ORDER BY slug").fetch_all(conn)? {
        let id: i64 = note.id;
        println!("in the feed: {} (id {id})", note.slug);
    }
    let drafts: i64 =
        query_scalar!("SELECT count(*) FROM notes WHERE published = 0").fetch_one(conn)?;
    println!("drafts: {drafts}");

    // Migration 002 stores tokens hashed.
    query!(
        "INSERT INTO tokens (token_hash, me, scope, expires_at) VALUES (?1, ?2, ?3, ?4)",
        "9f86d081884c7d65",
        "https://example.org/",
        "create update",
        "2030-01-01T00:00:00Z"
    )
    .execute(conn)?;
    let tokens: Vec<Token> = query_as!(
        Token,
        "SELECT me, scope, client_id FROM tokens WHERE expires_at > ?1 ORDER BY id",
        "2026-01-01"
    )
    .fetch_all(conn)?;
    for t in &tokens {
        let client = t.client_id.as_deref().unwrap_or("(no client)");
        println!("token for {} {client}: scope \"{}\"", t.me, t.scope);
    }
    println!();
    Ok(())
}

/// Prints schemaguard's `log` events to stderr (an application would use
/// its own logger, e.g. env_logger).
fn env_logger_lite() {
    struct Stderr;
    impl log::Log for Stderr {
        fn enabled(&self, _: &log::Metadata<'_>) -> bool {
            true
        }
        fn log(&self, record: &log::Record<'_>) {
            eprintln!("  [{}] {}", record.level(), record.args());
        }
        fn flush(&self) {}
    }
    static LOGGER: Stderr = Stderr;
    let _ = log::set_logger(&LOGGER).map(|()| log::set_max_level(log::LevelFilter::Info));
}
