-- +goose Up
-- Callback (回访) attempts since the order's latest resolution that did not
-- reach the resident (未接通), and when to try again (ms, 0 = now). A
-- reached or refused (拒访) callback sets callback_at as before.
ALTER TABLE orders ADD COLUMN callback_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN callback_retry_at BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE orders DROP COLUMN callback_retry_at;
ALTER TABLE orders DROP COLUMN callback_attempts;
