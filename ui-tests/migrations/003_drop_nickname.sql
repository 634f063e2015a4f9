-- Queries that still read nickname fail, naming this migration.
ALTER TABLE users DROP COLUMN nickname;
