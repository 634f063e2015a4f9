CREATE VIEW tagged_notes AS
    SELECT n.id, n.slug, t.name AS tag
    FROM notes n JOIN note_tags nt ON nt.note_id = n.id JOIN tags t ON t.id = nt.tag_id;
