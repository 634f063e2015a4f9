-- BOM, CRLF line endings and comments that contain SQL: CREATE TABLE notes (x);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    published INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_notes_created_at ON notes(created_at);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
