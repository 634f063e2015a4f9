-- schemaguard: foreign-keys-off
SELECT 1;
-- schemaguard: no-transaction
-- schemaguard: replaces 'é', `q`
