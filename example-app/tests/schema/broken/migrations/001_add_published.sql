CREATE INDEX idx_notes_published ON notes(published);
