-- ceil() is built in only where SQLite is compiled with its math functions.
CREATE VIEW note_pages AS
SELECT count(*) AS notes, ceil(count(*) / 20.0) AS pages
FROM notes;
