-- +goose Up
-- A building head (楼长) reads the orders they filed: the order engine
-- lists them by created_by, newest first.
CREATE INDEX orders_created_by ON orders(created_by, created_at);

-- +goose Down
DROP INDEX orders_created_by;
