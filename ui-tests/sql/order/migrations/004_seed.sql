INSERT INTO notes (id, slug) VALUES (1, 'hello');
INSERT INTO notes (id, slug) VALUES (2, 'hello');
