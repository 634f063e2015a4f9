-- schemaguard: rerunnable
--
-- Data only. Older clients stored scopes comma-separated ("create,update");
-- IndieAuth separates them with spaces. Running this twice changes nothing,
-- hence `rerunnable`.
UPDATE tokens
SET scope = trim(replace(replace(scope, ', ', ' '), ',', ' '))
WHERE scope LIKE '%,%';

UPDATE authorization_codes
SET scope = trim(replace(replace(scope, ', ', ' '), ',', ' '))
WHERE scope LIKE '%,%';
