-- +goose Up
-- A resolution photo staff mark public is shown to the resident on the
-- tracking page (and the track API); every other photo stays internal.
ALTER TABLE order_photos ADD COLUMN public BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE order_photos DROP COLUMN public;
