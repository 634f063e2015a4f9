-- schemaguard: foreign-keys-off
-- schemaguard: replaces idx_notes_created_at
--
-- SQLite cannot add a CHECK constraint in place: rebuild the table, the
-- documented way, and re-create what the rebuild dropped.
DROP VIEW feed;
CREATE TABLE notes_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE CHECK (slug <> ''),
    published INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    word_count INTEGER GENERATED ALWAYS AS (length(slug)) VIRTUAL
);
INSERT INTO notes_new (id, slug, published, created_at)
    SELECT id, slug, published, created_at FROM notes;
DROP TABLE notes;
ALTER TABLE notes_new RENAME TO notes;
CREATE INDEX idx_notes_created_at ON notes(created_at);
CREATE INDEX idx_notes_drafts ON notes(created_at) WHERE published = 0;
CREATE VIEW feed AS SELECT id, slug FROM notes WHERE published = 1;
CREATE TRIGGER notes_fts_insert_v2 AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, slug, body) VALUES (NEW.id, NEW.slug, '');
END;
