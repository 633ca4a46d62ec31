-- +goose Up
-- Failed sign-ins, counted per typed username and client address, and per
-- address alone (username '*'), so a lockout cannot be triggered by anyone
-- anywhere against an account and known and unknown names are answered
-- alike (docs/security.md, "Sign-in"). users.failed_signins and
-- users.locked_until are no longer used.
CREATE TABLE signin_failures (
    username       TEXT NOT NULL,
    address        TEXT NOT NULL,
    failures       INTEGER NOT NULL,
    last_failed_at BIGINT NOT NULL,
    blocked_until  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (username, address)
);
CREATE INDEX signin_failures_last ON signin_failures(last_failed_at);

-- +goose Down
DROP TABLE signin_failures;
