/* A view that later migrations evolve by drop-and-create. */
CREATE VIEW feed AS SELECT id, slug FROM notes WHERE published = 1;
INSERT INTO settings (key, value) VALUES ('greeting', 'it''s here; CREATE TABLE notes (x);');
