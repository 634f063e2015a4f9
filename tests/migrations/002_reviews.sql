-- A STRICT table: exact types.
CREATE TABLE reviews (book_id INTEGER NOT NULL REFERENCES books(id), stars INT NOT NULL, body TEXT) STRICT;
