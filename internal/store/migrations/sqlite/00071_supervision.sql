-- +goose Up
-- Supervision (督办, internal/supervision): cases opened by supervisors on
-- orders, answered by the handler, closed with an outcome and any
-- accountability (问责). Times are BIGINT Unix ms, 0 = not yet.
CREATE TABLE supervision_cases (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders(id),
    order_number     TEXT NOT NULL,
    -- The order's grid (or community when it has none), for node users'
    -- scope, and its handler when the case was opened.
    location_code    TEXT NOT NULL,
    handler_level    TEXT NOT NULL,
    handler_code     TEXT NOT NULL DEFAULT '',
    reason           TEXT NOT NULL CHECK (reason IN ('overdue','returned','reopened','unsatisfied','other')),
    status           TEXT NOT NULL CHECK (status IN ('open','answered','closed')),
    demand           TEXT NOT NULL,
    due_at           BIGINT NOT NULL,
    opened_by        INTEGER,
    opened_by_name   TEXT NOT NULL DEFAULT '',
    opened_at        BIGINT NOT NULL,
    answer           TEXT NOT NULL DEFAULT '',
    answered_by      INTEGER,
    answered_by_name TEXT NOT NULL DEFAULT '',
    answered_at      BIGINT NOT NULL DEFAULT 0,
    outcome          TEXT NOT NULL DEFAULT '',
    closed_by        INTEGER,
    closed_by_name   TEXT NOT NULL DEFAULT '',
    closed_at        BIGINT NOT NULL DEFAULT 0,
    version          INTEGER NOT NULL DEFAULT 1,
    updated_at       BIGINT NOT NULL
);
-- One case at a time per order.
CREATE UNIQUE INDEX supervision_cases_active ON supervision_cases(order_id) WHERE status <> 'closed';
CREATE INDEX supervision_cases_open_due ON supervision_cases(due_at) WHERE status = 'open';
CREATE INDEX supervision_cases_location ON supervision_cases(location_code);
CREATE INDEX supervision_cases_order ON supervision_cases(order_id);

-- Accountability (问责) recorded when a case closes: who (a person or a
-- unit) and what measure. Never updated or deleted.
CREATE TABLE supervision_accountability (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES supervision_cases(id),
    subject_kind     TEXT NOT NULL CHECK (subject_kind IN ('person','unit')),
    subject          TEXT NOT NULL,
    measure          TEXT NOT NULL CHECK (measure IN ('talk','criticism','admonish','self_review','discipline','other')),
    note             TEXT NOT NULL DEFAULT '',
    recorded_by      INTEGER,
    recorded_by_name TEXT NOT NULL DEFAULT '',
    recorded_at      BIGINT NOT NULL
);
CREATE INDEX supervision_accountability_case ON supervision_accountability(case_id);

-- +goose Down
DROP TABLE supervision_accountability;
DROP TABLE supervision_cases;
