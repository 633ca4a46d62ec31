-- +goose Up
-- Proactive tasks for a grid (未诉先办): raised when many similar orders
-- arrive from one grid (a hot spot), done by the grid worker with a note.
-- Times are BIGINT Unix ms, 0 = not yet.
CREATE TABLE grid_tasks (
    id            BIGSERIAL PRIMARY KEY,
    grid_code     TEXT NOT NULL REFERENCES grids(code),
    category_code TEXT NOT NULL,
    reason        TEXT NOT NULL,                  -- why it was raised, in words
    source_orders TEXT NOT NULL DEFAULT '[]',     -- JSON array of the order numbers behind it
    order_count   INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    created_at    BIGINT NOT NULL,
    done_at       BIGINT NOT NULL DEFAULT 0,
    done_by       BIGINT,
    done_note     TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1
);
-- One open task per grid and category: two nodes raising the same hot spot
-- at once cannot both insert.
CREATE UNIQUE INDEX grid_tasks_open ON grid_tasks(grid_code, category_code) WHERE status = 'open';
CREATE INDEX grid_tasks_grid ON grid_tasks(grid_code, status);

-- +goose Down
DROP TABLE grid_tasks;
