-- The schema `query!` cases read. tests/ui.rs makes this directory the
-- root (SCHEMAGUARD_MANIFEST_DIR) and this crate's Cargo.toml has no
-- metadata table, so the defaults apply: this file and migrations/.
-- (`schema!` cases name their own files under sql/.)

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT,
    score REAL,
    avatar BLOB,
    active BOOLEAN NOT NULL DEFAULT 1,
    nickname TEXT
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    body TEXT
);
