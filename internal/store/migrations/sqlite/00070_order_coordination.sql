-- +goose NO TRANSACTION
-- +goose Up
-- Lifecycle part 2 (internal/order): co-handlers' own steps (协办),
-- summons and report-in (吹哨报到), extension and suspension (延期/挂起),
-- and merging duplicates (并单). Times are BIGINT Unix ms, 0 = not yet.

-- Two more statuses: suspended (挂起: the resolve clock stops) and merged
-- (并单: a duplicate joined to its master). SQLite cannot ALTER a CHECK
-- constraint, so orders is rebuilt by the 12-step procedure of SQLite's
-- ALTER TABLE documentation (§7): foreign keys off (outside a transaction,
-- hence NO TRANSACTION and the explicit BEGIN/COMMIT), create the new
-- table, copy, drop, rename, recreate the indexes. Rows keep their ids, so
-- the tables that reference orders stay valid. orders has no triggers or
-- views.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE orders_new (
    id                   INTEGER PRIMARY KEY,
    number               TEXT NOT NULL UNIQUE,
    channel              TEXT NOT NULL CHECK (channel IN ('hotline','web','email','patrol','api','import')),
    status               TEXT NOT NULL CHECK (status IN ('new','pending','dispatched','processing','resolved','closed','cancelled','suspended','merged')),
    -- The category and the limits it had when the order was filed: later
    -- catalogue edits never rewrite them.
    category_code        TEXT NOT NULL REFERENCES categories(code),
    category_version     INTEGER NOT NULL,
    kind                 TEXT NOT NULL,
    urgency              TEXT NOT NULL,
    reply_minutes        INTEGER NOT NULL,
    resolve_days         INTEGER NOT NULL,
    resolve_minutes      INTEGER NOT NULL,
    description          TEXT NOT NULL,
    attributes           TEXT NOT NULL DEFAULT '{}',   -- JSON: the category's extra fields
    lng                  DOUBLE PRECISION,             -- NULL when only an address is known
    lat                  DOUBLE PRECISION,
    address              TEXT NOT NULL DEFAULT '',
    grid_code            TEXT NOT NULL DEFAULT '',     -- '' when only the community is known
    community_code       TEXT NOT NULL,
    street_code          TEXT NOT NULL,
    district_code        TEXT NOT NULL,
    -- Reporter: sealed with AES-256-GCM (internal/pii), never plaintext.
    reporter_name        TEXT NOT NULL DEFAULT '',
    reporter_phone       TEXT NOT NULL DEFAULT '',
    reporter_phone_blind TEXT NOT NULL DEFAULT '',     -- keyed HMAC, for search by phone
    reporter_phone_last4 TEXT NOT NULL DEFAULT '',
    confidential         BOOLEAN NOT NULL DEFAULT FALSE,
    handler_level        TEXT NOT NULL CHECK (handler_level IN ('centre','grid','street','department')),
    handler_code         TEXT NOT NULL DEFAULT '',     -- grid, street or department code; '' at the centre
    returns              INTEGER NOT NULL DEFAULT 0,
    reworks              INTEGER NOT NULL DEFAULT 0,
    escalations          INTEGER NOT NULL DEFAULT 0,
    rating               TEXT NOT NULL DEFAULT '' CHECK (rating IN ('','satisfied','basic','unsatisfied')),
    received_at          BIGINT NOT NULL,
    reply_due_at         BIGINT NOT NULL,
    resolve_due_at       BIGINT NOT NULL,
    dispatched_at        BIGINT NOT NULL DEFAULT 0,
    signed_at            BIGINT NOT NULL DEFAULT 0,
    replied_at           BIGINT NOT NULL DEFAULT 0,
    resolved_at          BIGINT NOT NULL DEFAULT 0,
    callback_at          BIGINT NOT NULL DEFAULT 0,
    closed_at            BIGINT NOT NULL DEFAULT 0,
    idempotency_key      TEXT UNIQUE,
    request_hash         TEXT NOT NULL DEFAULT '',
    created_by           INTEGER,                      -- user id; NULL for a resident
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
INSERT INTO orders_new SELECT * FROM orders;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
CREATE INDEX orders_status ON orders(status, resolve_due_at);
CREATE INDEX orders_grid ON orders(grid_code);
CREATE INDEX orders_community ON orders(community_code);
CREATE INDEX orders_handler ON orders(handler_level, handler_code);
CREATE INDEX orders_category ON orders(category_code);
CREATE INDEX orders_created ON orders(created_at);
CREATE INDEX orders_phone ON orders(reporter_phone_blind);

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

COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
PRAGMA foreign_keys = OFF;
BEGIN;
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
-- Only possible while no order is suspended or merged (the narrower CHECK
-- rejects them while copying). The same rebuild as above.
CREATE TABLE orders_new (
    id                   INTEGER PRIMARY KEY,
    number               TEXT NOT NULL UNIQUE,
    channel              TEXT NOT NULL CHECK (channel IN ('hotline','web','email','patrol','api','import')),
    status               TEXT NOT NULL CHECK (status IN ('new','pending','dispatched','processing','resolved','closed','cancelled')),
    -- The category and the limits it had when the order was filed: later
    -- catalogue edits never rewrite them.
    category_code        TEXT NOT NULL REFERENCES categories(code),
    category_version     INTEGER NOT NULL,
    kind                 TEXT NOT NULL,
    urgency              TEXT NOT NULL,
    reply_minutes        INTEGER NOT NULL,
    resolve_days         INTEGER NOT NULL,
    resolve_minutes      INTEGER NOT NULL,
    description          TEXT NOT NULL,
    attributes           TEXT NOT NULL DEFAULT '{}',   -- JSON: the category's extra fields
    lng                  DOUBLE PRECISION,             -- NULL when only an address is known
    lat                  DOUBLE PRECISION,
    address              TEXT NOT NULL DEFAULT '',
    grid_code            TEXT NOT NULL DEFAULT '',     -- '' when only the community is known
    community_code       TEXT NOT NULL,
    street_code          TEXT NOT NULL,
    district_code        TEXT NOT NULL,
    -- Reporter: sealed with AES-256-GCM (internal/pii), never plaintext.
    reporter_name        TEXT NOT NULL DEFAULT '',
    reporter_phone       TEXT NOT NULL DEFAULT '',
    reporter_phone_blind TEXT NOT NULL DEFAULT '',     -- keyed HMAC, for search by phone
    reporter_phone_last4 TEXT NOT NULL DEFAULT '',
    confidential         BOOLEAN NOT NULL DEFAULT FALSE,
    handler_level        TEXT NOT NULL CHECK (handler_level IN ('centre','grid','street','department')),
    handler_code         TEXT NOT NULL DEFAULT '',     -- grid, street or department code; '' at the centre
    returns              INTEGER NOT NULL DEFAULT 0,
    reworks              INTEGER NOT NULL DEFAULT 0,
    escalations          INTEGER NOT NULL DEFAULT 0,
    rating               TEXT NOT NULL DEFAULT '' CHECK (rating IN ('','satisfied','basic','unsatisfied')),
    received_at          BIGINT NOT NULL,
    reply_due_at         BIGINT NOT NULL,
    resolve_due_at       BIGINT NOT NULL,
    dispatched_at        BIGINT NOT NULL DEFAULT 0,
    signed_at            BIGINT NOT NULL DEFAULT 0,
    replied_at           BIGINT NOT NULL DEFAULT 0,
    resolved_at          BIGINT NOT NULL DEFAULT 0,
    callback_at          BIGINT NOT NULL DEFAULT 0,
    closed_at            BIGINT NOT NULL DEFAULT 0,
    idempotency_key      TEXT UNIQUE,
    request_hash         TEXT NOT NULL DEFAULT '',
    created_by           INTEGER,                      -- user id; NULL for a resident
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
INSERT INTO orders_new SELECT * FROM orders;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
CREATE INDEX orders_status ON orders(status, resolve_due_at);
CREATE INDEX orders_grid ON orders(grid_code);
CREATE INDEX orders_community ON orders(community_code);
CREATE INDEX orders_handler ON orders(handler_level, handler_code);
CREATE INDEX orders_category ON orders(category_code);
CREATE INDEX orders_created ON orders(created_at);
CREATE INDEX orders_phone ON orders(reporter_phone_blind);
COMMIT;
PRAGMA foreign_keys = ON;
