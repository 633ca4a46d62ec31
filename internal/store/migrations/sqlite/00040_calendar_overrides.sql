-- +goose Up
-- Changes to the shipped holiday schedule: an admin's one-day override or
-- a newly imported year's notice. A row wins over the embedded data for its
-- date; deleting it restores the shipped answer.
CREATE TABLE calendar_overrides (
    date       TEXT PRIMARY KEY,          -- 'YYYY-MM-DD', a calendar date in Asia/Shanghai
    workday    BOOLEAN NOT NULL,
    name       TEXT NOT NULL,             -- 元旦, 春节调休, …
    name_en    TEXT NOT NULL DEFAULT '',  -- from an imported notice's 4th column
    created_at BIGINT NOT NULL,           -- Unix ms
    created_by TEXT NOT NULL DEFAULT ''   -- actor name, as in audit_log
);

-- +goose Down
DROP TABLE calendar_overrides;
