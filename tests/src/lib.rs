//! Shared pieces of the integration tests: the schemas under test and
//! databases as older releases left them.

use std::path::{Path, PathBuf};

pub mod adoption;

pub use schemaguard::rusqlite::{self, Connection};
pub use schemaguard::{Action, Error, Report, Schema, State};

/// The demo schema of this repository (`migrations/`).
pub static DEMO: Schema = schemaguard::schema!(
    base = "../migrations/schema.sql",
    migrations = "../migrations"
);

/// A synthetic history of 300 migrations (`fixtures/corpus300`, written by
/// `bench`'s `write_corpus`): the crash test's schema. 25 of its migrations
/// are `foreign-keys-off` table rebuilds, each run in a transaction of its
/// own (none is `no-transaction`): a fresh run commits once per rebuild
/// and once per stretch of ordinary migrations between them.
pub static CORPUS300: Schema = schemaguard::schema!(
    base = "fixtures/corpus300/schema.sql",
    migrations = "fixtures/corpus300/migrations"
);

/// Base `notes`; 001 `authors` and `books` (`ON DELETE CASCADE`), two rows
/// each; 002 deletes the placeholder author, relying on the cascade; 003
/// rebuilds `notes` (`foreign-keys-off`); 004 (ordinary) creates `shelves`,
/// then adds author 3 with a book and deletes it again, relying on the
/// cascade; 005 rebuilds `authors`, the parent of `books`
/// (`foreign-keys-off`). A fresh run is four transactions: 0–2, 003, 004,
/// 005.
pub static FK_REBUILDS: Schema = schemaguard::schema!(
    base = "fixtures/fk_rebuilds/schema.sql",
    migrations = "fixtures/fk_rebuilds/migrations"
);

/// The schemas the child binaries know, by the name they take as argument.
pub fn schema_named(name: &str) -> Option<&'static Schema> {
    match name {
        "demo" => Some(&DEMO),
        "corpus300" => Some(&CORPUS300),
        "fk_rebuilds" => Some(&FK_REBUILDS),
        _ => None,
    }
}

/// A temporary directory with a database path in it (the file does not
/// exist yet).
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("app.db");
    (dir, path)
}

/// Opens (creating if needed) a database file, with foreign-key
/// enforcement on: rusqlite's bundled SQLite turns it on by default, a
/// system SQLite usually does not, and the tests run on both.
pub fn open(path: &Path) -> Connection {
    let conn = Connection::open(path).expect("open database");
    conn.pragma_update(None, "foreign_keys", true)
        .expect("PRAGMA foreign_keys");
    conn
}

/// The file's bytes, for "nothing was written" checks.
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

/// `(type, name)` of every application object, sorted.
pub fn objects(conn: &Connection) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare(
            "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// `(version, how)` of every tracking row, by version.
pub fn recorded(conn: &Connection) -> Vec<(i64, String)> {
    let mut stmt = conn
        .prepare("SELECT version, how FROM schemaguard_migrations ORDER BY version")
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// `(version, file, line, message)` of an `Error::Migration`: where a run
/// failed and SQLite's reason. Panics on any other error.
pub fn failed_at(err: &Error) -> (u64, &str, usize, &str) {
    match err {
        Error::Migration {
            version,
            file,
            line,
            message,
            ..
        } => (*version, file, *line, message),
        other => panic!("expected Error::Migration, got {other:?}"),
    }
}

/// How `status` prints each object: `table audit_log`.
pub fn printed(objects: &[schemaguard::SchemaObject]) -> Vec<String> {
    objects.iter().map(ToString::to_string).collect()
}

/// The messages of an error and of each of its sources, outermost first:
/// what a logger that prints the chain shows.
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
    std::iter::successors(Some(err), |e| e.source())
        .map(ToString::to_string)
        .collect()
}

/// `(version, violations)` of an `Error::ForeignKeyViolation`: the
/// migration blamed and the rows it left. Panics on any other error.
pub fn violated_by(err: &Error) -> (u64, &[String]) {
    match err {
        Error::ForeignKeyViolation {
            version,
            violations,
            ..
        } => (*version, violations),
        other => panic!("expected Error::ForeignKeyViolation, got {other:?}"),
    }
}

/// A database as v0.9 left it: the base schema's tables, tokens stored in
/// plain text, some rows, and no tracking table.
pub const V0_9: &str = "
CREATE TABLE notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    file_path TEXT NOT NULL UNIQUE,
    published INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    content_hash TEXT
);
CREATE INDEX idx_notes_created_at ON notes(created_at DESC);
CREATE INDEX idx_notes_published ON notes(published);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_token_hash TEXT NOT NULL UNIQUE,
    me TEXT NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    expires_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    user_agent TEXT,
    ip_address TEXT
);
CREATE INDEX idx_sessions_expires ON sessions(expires_at);
CREATE TABLE auth_state (
    state TEXT PRIMARY KEY,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    expires_at TIMESTAMP NOT NULL,
    redirect_uri TEXT
);
CREATE INDEX idx_auth_state_expires ON auth_state(expires_at);
CREATE TABLE tokens (
    token TEXT PRIMARY KEY,
    me TEXT NOT NULL,
    client_id TEXT,
    scope TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO notes (slug, file_path, published) VALUES ('hello-world', 'notes/hello.md', 1);
INSERT INTO notes (slug, file_path) VALUES ('draft', 'notes/draft.md');
INSERT INTO sessions (session_token_hash, me, expires_at) VALUES ('abc', 'https://example.org/', '2030-01-01');
INSERT INTO tokens (token, me, scope) VALUES ('plain-text-secret', 'https://example.org/', 'create,update');
";

/// A database made by the release whose base schema had caught up with
/// migrations 001 and 002 ("rc.1") (written inline, in its own order and layout),
/// so it has every table and index, rows, and no tracking table.
pub const RC1: &str = "
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    file_path TEXT NOT NULL UNIQUE,
    published INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    content_hash TEXT
);
CREATE INDEX IF NOT EXISTS idx_notes_created_at ON notes(created_at DESC);
CREATE INDEX IF NOT EXISTS idx_notes_published ON notes(published);
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_token_hash TEXT NOT NULL UNIQUE,
    me TEXT NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    expires_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    user_agent TEXT,
    ip_address TEXT
);
CREATE INDEX IF NOT EXISTS idx_sessions_expires ON sessions(expires_at);
CREATE TABLE IF NOT EXISTS auth_state (
    state TEXT PRIMARY KEY,
    code_verifier TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    expires_at TIMESTAMP NOT NULL,
    redirect_uri TEXT
);
CREATE INDEX IF NOT EXISTS idx_auth_state_expires ON auth_state(expires_at);
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    me TEXT NOT NULL,
    client_id TEXT,
    scope TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    expires_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_tokens_hash ON tokens(token_hash);
CREATE INDEX IF NOT EXISTS idx_tokens_me ON tokens(me);
CREATE INDEX IF NOT EXISTS idx_tokens_expires ON tokens(expires_at);
CREATE TABLE IF NOT EXISTS authorization_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code_hash TEXT NOT NULL UNIQUE,
    me TEXT NOT NULL,
    client_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL DEFAULT '',
    state TEXT,
    code_challenge TEXT,
    code_challenge_method TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_auth_codes_hash ON authorization_codes(code_hash);
CREATE INDEX IF NOT EXISTS idx_auth_codes_expires ON authorization_codes(expires_at);
INSERT INTO notes (slug, file_path, published) VALUES ('hello-world', 'notes/hello.md', 1);
INSERT INTO tokens (token_hash, me, scope, expires_at) VALUES ('9f86d08', 'https://example.org/', 'create update', '2030-01-01');
";

/// rc.1 without the three `idx_tokens_*` indexes of migration 002: a
/// fresh rc.1 database, whose base schema lacked them (in one
/// transaction: one fsync, not one per statement).
pub fn rc1_missing_token_indexes(conn: &Connection) {
    conn.execute_batch(&format!(
        "BEGIN; {RC1}
         DROP INDEX idx_tokens_hash; DROP INDEX idx_tokens_me; DROP INDEX idx_tokens_expires;
         COMMIT;"
    ))
    .unwrap();
}
