-- +goose Up
-- Work orders (工单), their append-only timeline, photos, co-handlers and
-- the outbox (internal/order). Times are BIGINT Unix ms, 0 = not yet.

-- Daily sequence behind order numbers (YYYYMMDD + 4 digits).
CREATE TABLE order_counters (
    day TEXT PRIMARY KEY,                 -- YYYYMMDD in the order time zone
    seq INTEGER NOT NULL
);

CREATE TABLE orders (
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
CREATE INDEX orders_status ON orders(status, resolve_due_at);
CREATE INDEX orders_grid ON orders(grid_code);
CREATE INDEX orders_community ON orders(community_code);
CREATE INDEX orders_handler ON orders(handler_level, handler_code);
CREATE INDEX orders_category ON orders(category_code);
CREATE INDEX orders_created ON orders(created_at);
CREATE INDEX orders_phone ON orders(reporter_phone_blind);

-- Co-handlers (协办) beside the lead; replaced rows are kept with removed_at.
CREATE TABLE order_co_handlers (
    order_id        INTEGER NOT NULL REFERENCES orders(id),
    department_code TEXT NOT NULL,
    added_at        BIGINT NOT NULL,
    removed_at      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (order_id, department_code, added_at)
);
CREATE INDEX order_co_handlers_department ON order_co_handlers(department_code, removed_at);

-- The timeline: append-only, one row per event.
CREATE TABLE order_events (
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    seq         INTEGER NOT NULL,
    at          BIGINT NOT NULL,
    actor_id    INTEGER,                      -- NULL for a resident or the system
    actor_name  TEXT NOT NULL DEFAULT '',
    actor_role  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    public      BOOLEAN NOT NULL DEFAULT FALSE, -- shown to the resident
    data        TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (order_id, seq)
);
CREATE INDEX order_events_at ON order_events(at);

-- +goose StatementBegin
CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
BEGIN
    SELECT RAISE(ABORT, 'order_events is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
BEGIN
    SELECT RAISE(ABORT, 'order_events is append-only');
END;
-- +goose StatementEnd

-- Photos by content hash; the file is DATA/uploads/ab/cd/<sha256>.
CREATE TABLE order_photos (
    order_id     INTEGER NOT NULL REFERENCES orders(id),
    stage        TEXT NOT NULL CHECK (stage IN ('intake','evidence')),
    sha256       TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    event_seq    INTEGER NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (order_id, stage, sha256)
);

-- Outbox: written in the same transaction as each change; notifiers claim
-- rows (claimed_at), mark them done, or let the claim expire and retry.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    at         BIGINT NOT NULL,
    topic      TEXT NOT NULL,
    payload    TEXT NOT NULL,
    claimed_at BIGINT NOT NULL DEFAULT 0,
    attempts   INTEGER NOT NULL DEFAULT 0,
    done_at    BIGINT NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox(done_at, id);

-- +goose Down
DROP TABLE outbox;
DROP TABLE order_photos;
DROP TRIGGER order_events_no_delete;
DROP TRIGGER order_events_no_update;
DROP TABLE order_events;
DROP TABLE order_co_handlers;
DROP TABLE orders;
DROP TABLE order_counters;
