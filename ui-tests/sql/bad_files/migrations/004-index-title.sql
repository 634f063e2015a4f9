CREATE INDEX idx_notes_title ON notes(title);
