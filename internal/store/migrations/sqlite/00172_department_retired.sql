-- +goose Up
-- A department retired (撤销) from the admin pages: kept for the orders and
-- users that name it, no longer offered as a target or a placement.
ALTER TABLE departments ADD COLUMN retired_at BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE departments DROP COLUMN retired_at;
