CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    published INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idx_notes_user ON notes(user_id);

-- The feed reads published notes.
CREATE VIEW published_notes AS
    SELECT id, user_id, body FROM notes WHERE published = 1;
