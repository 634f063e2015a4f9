CREATE TABLE auth_state (
    state TEXT PRIMARY KEY,
    expires_at TIMESTAMP NOT NULL,
    code_verifier TEXT NOT NULL DEFAULT ''
);
