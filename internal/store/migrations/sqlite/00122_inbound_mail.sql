-- +goose Up
-- Letters to the hotline's mailbox (channel e-mail), waiting for an
-- operator to file them as orders or reject them (internal/mailbox).
-- The sender is sealed like a reporter. Times are BIGINT Unix ms.
CREATE TABLE inbound_mail (
    id           INTEGER PRIMARY KEY,
    message_id   TEXT NOT NULL UNIQUE,            -- a redelivered message is kept once
    sender_name  TEXT NOT NULL DEFAULT '',        -- sealed
    sender_email TEXT NOT NULL,                   -- sealed
    subject      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    attachments  INTEGER NOT NULL DEFAULT 0,
    sent_at      BIGINT NOT NULL DEFAULT 0,
    received_at  BIGINT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'filed', 'rejected')),
    order_number TEXT NOT NULL DEFAULT '',
    handled_by   BIGINT,
    handled_at   BIGINT NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX inbound_mail_status ON inbound_mail(status, received_at);

-- +goose Down
DROP TABLE inbound_mail;
