CREATE INDEX idx_notes_created ON notes(created_at);
