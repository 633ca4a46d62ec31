-- +goose Up
-- Residents hear back (internal/notice): whether the reporter asked to be
-- told how the order goes (chosen at intake), the numbers that replied
-- T to opt out (by the phone's blind index, never the number), the daily
-- count per number behind the cap, and one row per notice sent or held
-- back, keyed by the outbox event and channel so a retry never sends twice.
ALTER TABLE orders ADD COLUMN notify_resident BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE notice_optouts (
    phone_blind TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    source      TEXT NOT NULL              -- sms_reply, staff
);

CREATE TABLE notice_daily (
    phone_blind TEXT NOT NULL,
    day         TEXT NOT NULL,             -- YYYYMMDD in China time
    sent        INTEGER NOT NULL,
    PRIMARY KEY (phone_blind, day)
);

CREATE TABLE notice_log (
    outbox_id  BIGINT NOT NULL,
    channel    TEXT NOT NULL CHECK (channel IN ('sms','email')),
    order_id   BIGINT NOT NULL,
    event      TEXT NOT NULL,              -- accepted, replied, resolved
    outcome    TEXT NOT NULL CHECK (outcome IN ('sent','opted_out','capped')),
    recipient  TEXT NOT NULL,              -- masked: 138****5678, z***@example.com
    provider   TEXT NOT NULL DEFAULT '',
    reference  TEXT NOT NULL DEFAULT '',   -- the provider's message id
    at         BIGINT NOT NULL,
    PRIMARY KEY (outbox_id, channel)
);
CREATE INDEX notice_log_order ON notice_log(order_id);

-- +goose Down
DROP TABLE notice_log;
DROP TABLE notice_daily;
DROP TABLE notice_optouts;
ALTER TABLE orders DROP COLUMN notify_resident;
