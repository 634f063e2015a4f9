-- schemaguard: no-transactions
-- schemaguard foreign-keys-off
CREATE TABLE notes_new (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE);
-- schemaguard: rerunnable
INSERT INTO notes_new SELECT id, slug FROM notes;
