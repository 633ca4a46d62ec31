-- +goose Up
-- The public tracking lookup's guard (docs/security.md, "Resident-facing
-- endpoints"). track_misses counts wrong answers per order number as typed
-- (known or not, so a lock does not tell that a number exists); a few lock
-- that number's lookup for a while, growing with each lock. rating_tokens
-- are the one-time proofs a successful lookup hands out for the resident's
-- own rating: only their SHA-256 is kept.
CREATE TABLE track_misses (
    number        TEXT PRIMARY KEY,
    misses        INTEGER NOT NULL,
    locks         INTEGER NOT NULL DEFAULT 0,
    last_miss_at  BIGINT NOT NULL,
    locked_until  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX track_misses_last ON track_misses(last_miss_at);

CREATE TABLE rating_tokens (
    token_hash  TEXT PRIMARY KEY,
    order_id    BIGINT NOT NULL REFERENCES orders(id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX rating_tokens_order ON rating_tokens(order_id);
CREATE INDEX rating_tokens_expires ON rating_tokens(expires_at);

-- +goose Down
DROP TABLE rating_tokens;
DROP TABLE track_misses;
