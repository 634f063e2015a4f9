CREATE VIEW feed AS SELECT id, slug, titel FROM notes WHERE published = 1;
