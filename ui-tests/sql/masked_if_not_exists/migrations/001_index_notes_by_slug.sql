CREATE INDEX idx_notes_slug ON notes(slug);
