-- The feed reads published notes, newest first.
CREATE VIEW published_notes AS
    SELECT id, slug, file_path, created_at, updated_at
    FROM notes
    WHERE published = 1;

-- Keep updated_at honest without relying on every code path to set it.
CREATE TRIGGER notes_touch_updated_at
AFTER UPDATE OF slug, file_path, published, content_hash ON notes
FOR EACH ROW
WHEN NEW.updated_at = OLD.updated_at
BEGIN
    UPDATE notes SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
