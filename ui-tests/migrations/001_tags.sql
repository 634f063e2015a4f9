-- A STRICT table: its declared types are exact.
CREATE TABLE tags (name TEXT PRIMARY KEY, uses INT NOT NULL, note ANY) STRICT;
