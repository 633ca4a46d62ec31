-- +goose Up
-- API keys of integrations (Open311 clients such as FixMyStreet), see
-- internal/apikey. Times are BIGINT Unix ms, 0 = not yet.
CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,   -- SHA-256 of the key; the key itself is never stored
    node_code    TEXT,                   -- region or grid code the key is limited to; NULL = the whole jurisdiction
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT NOT NULL DEFAULT 0,
    last_used_at BIGINT NOT NULL DEFAULT 0
);
-- A name names one live key, so "apikey revoke --name" is unambiguous;
-- revoked keys keep their name for the record.
CREATE UNIQUE INDEX api_keys_live_name ON api_keys(name) WHERE revoked_at = 0;

-- What a key's client already did under its own reference (an update id
-- it sent twice, the links of a request it retried): a retry finds the
-- first result here instead of doing the work again.
CREATE TABLE api_key_receipts (
    key_id     INTEGER NOT NULL REFERENCES api_keys(id),
    ref        TEXT NOT NULL,
    result     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (key_id, ref)
);

-- +goose Down
DROP TABLE api_key_receipts;
DROP TABLE api_keys;
