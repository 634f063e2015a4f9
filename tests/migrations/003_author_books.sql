-- A view over a LEFT JOIN: an author without books has NULL title.
CREATE VIEW author_books AS
SELECT a.id AS author_id, a.name, b.title, b.price
FROM authors a LEFT JOIN books b ON b.author_id = a.id;
