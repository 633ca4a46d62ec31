-- +goose Up
-- Lifecycle part 2 (internal/order): co-handlers' own steps (协办),
-- summons and report-in (吹哨报到), extension and suspension (延期/挂起),
-- and merging duplicates (并单). Times are BIGINT Unix ms, 0 = not yet.

-- Two more statuses: suspended (挂起: the resolve clock stops) and merged
-- (并单: a duplicate joined to its master). SQLite cannot ALTER a CHECK
-- constraint, so the stored definition is widened in place, as SQLite's
-- ALTER TABLE documentation (§7) allows for loosening a constraint: no
-- existing row can violate the wider CHECK, and the file format does not
-- change. RESET reloads this connection's schema; the CREATE TABLEs below
-- bump the schema cookie, so every other connection reloads it too.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, '''closed'',''cancelled''))', '''closed'',''cancelled'',''suspended'',''merged''))')
    WHERE type = 'table' AND name = 'orders';
PRAGMA writable_schema = RESET;

-- Approved extensions (counted for 延期率), the start of the current
-- suspension, and the master of a merged duplicate (orders.id, 0 = none).
ALTER TABLE orders ADD COLUMN extensions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN suspended_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN merged_into BIGINT NOT NULL DEFAULT 0;
CREATE INDEX orders_merged_into ON orders(merged_into) WHERE merged_into > 0;
CREATE INDEX orders_received ON orders(received_at);

-- Each co-handler's own part: signed, replied (first reply), latest note.
ALTER TABLE order_co_handlers ADD COLUMN signed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE order_co_handlers ADD COLUMN replied_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE order_co_handlers ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- Extension (延期) and suspension (挂起) requests and their decisions.
-- An approved suspension runs from decided_at to resumed_at; due_before
-- and due_after are resolve_due_at around the change (at the approval of
-- an extension, at the resume of a suspension).
CREATE TABLE order_deadline_requests (
    id                INTEGER PRIMARY KEY,
    order_id          INTEGER NOT NULL REFERENCES orders(id),
    kind              TEXT NOT NULL CHECK (kind IN ('extension','suspension')),
    status            TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','lapsed')),
    working_days      INTEGER NOT NULL DEFAULT 0,   -- extensions only
    reason            TEXT NOT NULL,
    handler_level     TEXT NOT NULL,                -- who asked: the order's handler then
    handler_code      TEXT NOT NULL,
    requested_by      INTEGER,
    requested_by_name TEXT NOT NULL DEFAULT '',
    requested_at      BIGINT NOT NULL,
    decided_by        INTEGER,
    decided_by_name   TEXT NOT NULL DEFAULT '',
    decided_at        BIGINT NOT NULL DEFAULT 0,
    decision_note     TEXT NOT NULL DEFAULT '',
    resumed_by        INTEGER,
    resumed_by_name   TEXT NOT NULL DEFAULT '',
    resumed_at        BIGINT NOT NULL DEFAULT 0,
    due_before        BIGINT NOT NULL DEFAULT 0,
    due_after         BIGINT NOT NULL DEFAULT 0
);
-- At most one request waits per order.
CREATE UNIQUE INDEX order_deadline_requests_pending ON order_deadline_requests(order_id) WHERE status = 'pending';
CREATE INDEX order_deadline_requests_order ON order_deadline_requests(order_id, id);

-- Summons (吹哨): a community or street calls departments to an order;
-- each must report in (报到) by report_by.
CREATE TABLE order_summons (
    id            INTEGER PRIMARY KEY,
    order_id      INTEGER NOT NULL REFERENCES orders(id),
    summoned_by   INTEGER,
    summoner_name TEXT NOT NULL DEFAULT '',
    summoner_role TEXT NOT NULL,
    note          TEXT NOT NULL,
    report_by     BIGINT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX order_summons_order ON order_summons(order_id);

CREATE TABLE order_summons_departments (
    summons_id      INTEGER NOT NULL REFERENCES order_summons(id),
    department_code TEXT NOT NULL,
    report_by       BIGINT NOT NULL,                 -- copied, for the overdue index
    reported_at     BIGINT NOT NULL DEFAULT 0,
    reported_by     INTEGER,
    reporter_name   TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (summons_id, department_code)
);
CREATE INDEX order_summons_departments_waiting ON order_summons_departments(report_by) WHERE reported_at = 0;
CREATE INDEX order_summons_departments_department ON order_summons_departments(department_code, reported_at);

-- +goose Down
DROP TABLE order_summons_departments;
DROP TABLE order_summons;
DROP TABLE order_deadline_requests;
ALTER TABLE order_co_handlers DROP COLUMN note;
ALTER TABLE order_co_handlers DROP COLUMN replied_at;
ALTER TABLE order_co_handlers DROP COLUMN signed_at;
DROP INDEX orders_received;
DROP INDEX orders_merged_into;
ALTER TABLE orders DROP COLUMN merged_into;
ALTER TABLE orders DROP COLUMN suspended_at;
ALTER TABLE orders DROP COLUMN extensions;
-- Only possible while no order is suspended or merged (the CHECK would
-- reject them on the next write).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, '''closed'',''cancelled'',''suspended'',''merged''))', '''closed'',''cancelled''))')
    WHERE type = 'table' AND name = 'orders';
PRAGMA writable_schema = RESET;
