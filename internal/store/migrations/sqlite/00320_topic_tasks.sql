-- +goose Up
-- A hot topic handed to one unit as one coordinated task (统筹交办, 未诉先办
-- at district scale, internal/topictask): the topic's orders linked to the
-- task, a lead department, a due date, progress notes and the closure.
-- region_code is the issuer's node: who sees the task besides the unit.
CREATE TABLE topic_tasks (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    words           TEXT NOT NULL DEFAULT '',  -- the topic's key words, 、-joined
    department_code TEXT NOT NULL REFERENCES departments(code),
    region_code     TEXT NOT NULL,
    due_on          TEXT NOT NULL,             -- YYYY-MM-DD, China time
    note            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('open','closed')),
    outcome         TEXT NOT NULL DEFAULT '',
    created_by      BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    closed_at       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX topic_tasks_department ON topic_tasks(department_code, status);
CREATE INDEX topic_tasks_region ON topic_tasks(region_code, status);

-- An order belongs to one task at most.
CREATE TABLE topic_task_orders (
    task_id  INTEGER NOT NULL REFERENCES topic_tasks(id),
    order_id INTEGER NOT NULL UNIQUE REFERENCES orders(id),
    PRIMARY KEY (task_id, order_id)
);

CREATE TABLE topic_task_notes (
    id       INTEGER PRIMARY KEY,
    task_id  INTEGER NOT NULL REFERENCES topic_tasks(id),
    kind     TEXT NOT NULL CHECK (kind IN ('progress','closed')),
    text     TEXT NOT NULL,
    by_name  TEXT NOT NULL,
    by_user  BIGINT NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX topic_task_notes_task ON topic_task_notes(task_id, id);

-- +goose Down
DROP TABLE topic_task_notes;
DROP TABLE topic_task_orders;
DROP TABLE topic_tasks;
