-- Someone widened the index here; with IF NOT EXISTS, SQLite keeps the
-- old one on every database that ran 001, and nobody notices.
CREATE INDEX IF NOT EXISTS idx_notes_slug ON notes(slug, published);
