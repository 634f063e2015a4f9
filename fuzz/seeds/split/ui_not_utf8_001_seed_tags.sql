-- Seed data exported from a Windows tool in Latin-1.
INSERT INTO notes (slug) VALUES ('café');
