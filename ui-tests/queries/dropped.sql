-- nickname was dropped by migration 003.
SELECT id,
       nickname
FROM users
