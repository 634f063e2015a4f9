DROP VIEW IF EXISTS feed;
CREATE VIEW feed AS SELECT id, slug, created_at FROM notes WHERE published = 1 ORDER BY created_at DESC;
DROP TRIGGER notes_fts_insert_v2;
ALTER TABLE notes RENAME COLUMN slug TO handle;
