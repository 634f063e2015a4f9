INSERT INTO note_tags (note_id, tag) SELECT id, 'draft' FROM notes WHERE published = 0;
