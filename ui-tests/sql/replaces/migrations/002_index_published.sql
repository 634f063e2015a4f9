CREATE INDEX idx_notes_created_at ON notes(published, created_at);
