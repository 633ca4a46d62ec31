-- +goose Up
-- Notifiers (internal/notify). An event that failed its last allowed
-- attempt is parked: failed_at is set and its claim never expires, so it
-- stays visible (with last_error) until an admin requeues it.
ALTER TABLE outbox ADD COLUMN failed_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX outbox_failed ON outbox(failed_at) WHERE failed_at > 0;

-- Sinks that already took an event whose delivery to another sink failed,
-- so a retry does not send it to them twice.
CREATE TABLE outbox_deliveries (
    outbox_id    BIGINT  NOT NULL REFERENCES outbox(id),
    sink         TEXT NOT NULL,
    delivered_at BIGINT NOT NULL,
    PRIMARY KEY (outbox_id, sink)
);

-- +goose Down
DROP TABLE outbox_deliveries;
DROP INDEX outbox_failed;
ALTER TABLE outbox DROP COLUMN failed_at;
