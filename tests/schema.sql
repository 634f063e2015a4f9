-- The project `query!` reads in this crate (the defaults: this file and
-- migrations/): tests/query.rs runs its queries on a migrated database.
-- The `schema!` statics in src/ and tests/ name their own fixtures.

CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT
);

CREATE TABLE books (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors(id),
    title TEXT NOT NULL,
    price REAL
);
