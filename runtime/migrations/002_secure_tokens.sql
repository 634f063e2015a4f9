-- Tokens are stored hashed, and looked up by hash.
ALTER TABLE tokens ADD COLUMN token_hash TEXT;
CREATE UNIQUE INDEX idx_tokens_hash ON tokens(token_hash);
CREATE INDEX idx_tokens_expires ON tokens(expires_at);
