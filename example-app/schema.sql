-- The base schema: version 0.
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL
);
