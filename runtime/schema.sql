-- The example project of the crate docs (README.md): their doctests compile
-- in this directory, so `schema!(base = "schema.sql", migrations = "migrations")`
-- reads this file and `migrations/`. The demo's schema is `../migrations/`.

CREATE TABLE auth_state (
    state TEXT PRIMARY KEY,
    redirect_uri TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
