CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    published INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS idx_notes_published ON notes(published);
