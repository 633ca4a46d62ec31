-- +goose Up
-- The reporter's e-mail (Open311 and e-mail intake), sealed like the name
-- and phone (internal/pii); '' when none was given.
ALTER TABLE orders ADD COLUMN reporter_email TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE orders DROP COLUMN reporter_email;
