-- Added later: NOT NULL with a default, so old rows get 0.
ALTER TABLE books ADD COLUMN stock INTEGER NOT NULL DEFAULT 0;
