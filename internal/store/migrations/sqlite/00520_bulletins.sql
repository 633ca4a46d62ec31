-- +goose Up
-- Bulletins (周报/月报, internal/bulletin): who receives a node's weekly or
-- monthly bulletin by e-mail (the address sealed, found again by its blind
-- index, shown masked), and one row per bulletin period sent, so a period
-- goes out once however many nodes run the schedule.
CREATE TABLE bulletin_recipients (
    id          INTEGER PRIMARY KEY,
    node_code   TEXT NOT NULL REFERENCES regions(code),
    kind        TEXT NOT NULL CHECK (kind IN ('week','month')),
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,             -- sealed
    email_blind TEXT NOT NULL,
    email_mask  TEXT NOT NULL,
    created_by  BIGINT,
    created_at  BIGINT NOT NULL,
    UNIQUE (node_code, kind, email_blind)
);

CREATE TABLE bulletin_sends (
    node_code    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    period_from  BIGINT NOT NULL,          -- Unix ms, the period's first local midnight
    status       TEXT NOT NULL CHECK (status IN ('pending','sent','failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      BIGINT NOT NULL DEFAULT 0, -- no attempt before this time
    lease_until  BIGINT NOT NULL DEFAULT 0, -- a node is sending it until then
    recipients   INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    sent_at      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (node_code, kind, period_from)
);

-- +goose Down
DROP TABLE bulletin_sends;
DROP TABLE bulletin_recipients;
