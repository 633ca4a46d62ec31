-- +goose Up
-- Department measures now credit co-handling departments (协办,
-- internal/report): rollups built before lack those rows, so the next
-- refresh rebuilds them (a watermark of 0 means not built; until then
-- the measures are computed from the orders table).
UPDATE report_rollup_state SET watermark = 0 WHERE id = 1;

-- +goose Down
UPDATE report_rollup_state SET watermark = 0 WHERE id = 1;
