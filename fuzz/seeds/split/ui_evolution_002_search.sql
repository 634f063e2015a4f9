CREATE VIRTUAL TABLE notes_fts USING fts5(slug, body, tokenize = 'porter');

CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, slug, body) VALUES (NEW.id, NEW.slug, '');
END;

CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    DELETE FROM notes_fts WHERE rowid = OLD.id;
    SELECT CASE WHEN OLD.published THEN 'published; gone' ELSE 'draft' END;
END;
