-- Rebuild notes to make slug UNIQUE (SQLite cannot add the constraint).
PRAGMA foreign_keys = OFF;

CREATE TABLE notes_new (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE
);
INSERT INTO notes_new SELECT id, slug FROM notes;
DROP TABLE notes;
ALTER TABLE notes_new RENAME TO notes;

PRAGMA foreign_keys = ON;
