-- +goose Up
-- 诉求类型 (demand type) of an order: consult 咨询, help 求助, complaint 投诉,
-- report 举报, suggest 建议, praise 表扬, other 其他; suggested from the text
-- when the order is filed unless staff gave one. '' on orders filed before.
ALTER TABLE orders ADD COLUMN demand_type TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_demand_type ON orders(demand_type);

-- +goose Down
DROP INDEX orders_demand_type;
ALTER TABLE orders DROP COLUMN demand_type;
