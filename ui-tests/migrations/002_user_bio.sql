-- A column added by a later migration.
ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';
