ALTER TABLE notes ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_notes_published ON notes(published);
