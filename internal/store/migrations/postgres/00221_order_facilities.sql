-- +goose Up
-- The facility an order names moves out of orders into its own table:
-- SQLite rebuilds of orders in later migrations copy its columns as they
-- were, and an order names a facility rarely.
ALTER TABLE orders DROP COLUMN facility_code;
CREATE TABLE order_facilities (
    order_id      BIGINT PRIMARY KEY REFERENCES orders(id),
    facility_code TEXT NOT NULL
);
CREATE INDEX order_facilities_code ON order_facilities(facility_code);

-- +goose Down
DROP TABLE order_facilities;
ALTER TABLE orders ADD COLUMN facility_code TEXT NOT NULL DEFAULT '';
