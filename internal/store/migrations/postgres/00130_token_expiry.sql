-- +goose Up
-- API tokens expire (docs/security.md, "API tokens"). A token is valid
-- while revoked_at = 0 and now < expires_at. Tokens issued before expiry
-- existed get 90 days from this migration, so no integration stops at once.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_at = CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT) + 7776000000 WHERE revoked_at = 0;

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN expires_at;
