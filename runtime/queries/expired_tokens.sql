-- The tokens that expired before a date (the query_file! examples).
SELECT id, me
FROM tokens
WHERE expires_at < ?1
