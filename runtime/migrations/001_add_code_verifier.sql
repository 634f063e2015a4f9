-- PKCE: the code verifier sent along with the authorization request.
ALTER TABLE auth_state ADD COLUMN code_verifier TEXT NOT NULL DEFAULT '';
