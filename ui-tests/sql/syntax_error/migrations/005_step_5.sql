INSERT INTO tags (name) VALUES ('draft'), ('pinned');
