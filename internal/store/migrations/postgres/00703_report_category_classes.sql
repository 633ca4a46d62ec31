-- +goose Up
-- The category splits of the rollup now also hold a row for every class
-- above an order's category (the sum of its subtree), so a class filter
-- reads one code instead of all its leaves. Those rows follow the
-- catalogue's tree as it was when they were summed: category_tree is a
-- digest of that tree, and a rollup built for another tree is rebuilt
-- (until then the measures are counted from the orders table).
ALTER TABLE report_rollup_state ADD COLUMN category_tree TEXT NOT NULL DEFAULT '';
UPDATE report_rollup_state SET watermark = 0 WHERE id = 1;

-- +goose Down
ALTER TABLE report_rollup_state DROP COLUMN category_tree;
UPDATE report_rollup_state SET watermark = 0 WHERE id = 1;
