-- +goose NO TRANSACTION
-- +goose Up
-- Four-level linkage across deployments (internal/exchange, docs/exchange.md):
-- the peers this instance exchanges orders with, the nonces seen (replay
-- guard), the orders exchanged each way, the status events sent (the pull
-- cursor is their id), the messages received (idempotent by message id),
-- status events received ahead of their turn, and the category mapping
-- between the upstream's catalogue and ours. Orders gain the channel
-- upstream.
-- SQLite cannot ALTER a CHECK constraint: orders is rebuilt by the 12-step
-- procedure, as in 00070 (foreign keys off, outside a transaction). The
-- copy is SELECT *, so the definitions below (up and down) must hold every
-- column that migrations numbered below this one add to orders, in the
-- order a fresh store gets them.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE orders_new (
    id                   INTEGER PRIMARY KEY,
    number               TEXT NOT NULL UNIQUE,
    channel              TEXT NOT NULL CHECK (channel IN ('hotline','web','email','patrol','api','import','upstream')),
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
, extensions INTEGER NOT NULL DEFAULT 0, suspended_at BIGINT NOT NULL DEFAULT 0, merged_into BIGINT NOT NULL DEFAULT 0, reply_warned_for BIGINT NOT NULL DEFAULT 0, reply_overdue_for BIGINT NOT NULL DEFAULT 0, resolve_warned_for BIGINT NOT NULL DEFAULT 0, resolve_overdue_for BIGINT NOT NULL DEFAULT 0, escalate_at BIGINT NOT NULL DEFAULT 0, supervision_flagged_at BIGINT NOT NULL DEFAULT 0, reporter_email TEXT NOT NULL DEFAULT '', facility_code TEXT NOT NULL DEFAULT '', notify_resident BOOLEAN NOT NULL DEFAULT FALSE);
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
CREATE INDEX orders_merged_into ON orders(merged_into) WHERE merged_into > 0;
CREATE INDEX orders_received ON orders(received_at);
CREATE INDEX orders_sweep_reply_warning ON orders(reply_due_at)
    WHERE status IN ('new','pending','dispatched','processing') AND replied_at = 0 AND reply_warned_for <> reply_due_at;
CREATE INDEX orders_sweep_reply_overdue ON orders(reply_due_at)
    WHERE status IN ('new','pending','dispatched','processing') AND replied_at = 0 AND reply_overdue_for <> reply_due_at;
CREATE INDEX orders_sweep_resolve_warning ON orders(resolve_due_at)
    WHERE status IN ('new','pending','dispatched','processing') AND resolve_warned_for <> resolve_due_at;
CREATE INDEX orders_sweep_resolve_overdue ON orders(resolve_due_at)
    WHERE status IN ('new','pending','dispatched','processing') AND resolve_overdue_for <> resolve_due_at;
CREATE INDEX orders_sweep_escalate ON orders(escalate_at)
    WHERE status IN ('new','pending','dispatched','processing') AND escalate_at > 0 AND resolve_overdue_for = resolve_due_at;
CREATE INDEX orders_supervision_flagged ON orders(supervision_flagged_at) WHERE supervision_flagged_at > 0;
CREATE INDEX orders_updated ON orders(updated_at);
CREATE INDEX orders_report_unreplied ON orders(reply_due_at) WHERE replied_at = 0;
CREATE INDEX orders_report_district ON orders(district_code, received_at);
CREATE INDEX orders_report_community ON orders(community_code, received_at);
COMMIT;
PRAGMA foreign_keys = ON;

BEGIN;
CREATE TABLE exchange_links (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,      -- agreed by both sides; sent in X-Exchange-Link
    direction    TEXT NOT NULL CHECK (direction IN ('upstream','downstream')),
    base_url     TEXT NOT NULL,
    regions      TEXT NOT NULL DEFAULT '',  -- region codes the peer serves (downstream) or may file into (upstream), comma-separated
    secret       TEXT NOT NULL,             -- HMAC secret, sealed (internal/pii)
    reporter_key TEXT NOT NULL,             -- AES-256 key for the reporter block, sealed
    pull_cursor  BIGINT NOT NULL DEFAULT 0, -- downstream: the last event pulled
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE exchange_nonces (
    link_id BIGINT NOT NULL REFERENCES exchange_links(id) ON DELETE CASCADE,
    nonce   TEXT NOT NULL,
    at      BIGINT NOT NULL,
    PRIMARY KEY (link_id, nonce)
);
CREATE INDEX exchange_nonces_at ON exchange_nonces(at);

CREATE TABLE exchange_orders (
    id            INTEGER PRIMARY KEY,
    link_id       BIGINT NOT NULL REFERENCES exchange_links(id) ON DELETE CASCADE,
    direction     TEXT NOT NULL CHECK (direction IN ('in','out')),
    ref           TEXT NOT NULL,             -- the upstream's order id
    order_id      BIGINT REFERENCES orders(id),   -- NULL while held
    remote_number TEXT NOT NULL DEFAULT '',  -- out: the district's order number
    state         TEXT NOT NULL CHECK (state IN ('held','filed')),
    category_path TEXT NOT NULL DEFAULT '',
    hold_reason   TEXT NOT NULL DEFAULT '',
    message       TEXT NOT NULL DEFAULT '',  -- in, held: the order as received (reporter still sealed to the link key)
    applied_seq   INTEGER NOT NULL DEFAULT 0, -- out: the last status event applied
    sent_seq      INTEGER NOT NULL DEFAULT 0, -- in: the last status event numbered
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (link_id, direction, ref)
);
CREATE INDEX exchange_orders_order ON exchange_orders(order_id);
CREATE INDEX exchange_orders_held ON exchange_orders(state, category_path);

CREATE TABLE exchange_events (
    id        INTEGER PRIMARY KEY,                      -- the pull cursor
    link_id   BIGINT NOT NULL REFERENCES exchange_links(id) ON DELETE CASCADE,
    xorder_id BIGINT NOT NULL REFERENCES exchange_orders(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    type      TEXT NOT NULL,
    body      TEXT NOT NULL,             -- the event as sent (JSON)
    outbox_id BIGINT NOT NULL UNIQUE,    -- the order outbox event it came from
    at        BIGINT NOT NULL,
    sent_at   BIGINT NOT NULL DEFAULT 0,
    UNIQUE (xorder_id, seq)
);
CREATE INDEX exchange_events_link ON exchange_events(link_id, id);

CREATE TABLE exchange_inbox (
    link_id    BIGINT NOT NULL REFERENCES exchange_links(id) ON DELETE CASCADE,
    message_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    result     TEXT NOT NULL,            -- the answer given, repeated to a retry
    at         BIGINT NOT NULL,
    PRIMARY KEY (link_id, message_id)
);

CREATE TABLE exchange_held_events (
    xorder_id BIGINT NOT NULL REFERENCES exchange_orders(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    body      TEXT NOT NULL,
    at        BIGINT NOT NULL,
    PRIMARY KEY (xorder_id, seq)
);

CREATE TABLE exchange_category_map (
    link_id       BIGINT NOT NULL REFERENCES exchange_links(id) ON DELETE CASCADE,
    upstream_path TEXT NOT NULL,
    category_code TEXT NOT NULL REFERENCES categories(code),
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (link_id, upstream_path)
);
COMMIT;

-- +goose Down
BEGIN;
DROP TABLE exchange_category_map;
DROP TABLE exchange_held_events;
DROP TABLE exchange_inbox;
DROP TABLE exchange_events;
DROP TABLE exchange_orders;
DROP TABLE exchange_nonces;
DROP TABLE exchange_links;
COMMIT;
PRAGMA foreign_keys = OFF;
BEGIN;
DELETE FROM orders WHERE channel = 'upstream';
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
, extensions INTEGER NOT NULL DEFAULT 0, suspended_at BIGINT NOT NULL DEFAULT 0, merged_into BIGINT NOT NULL DEFAULT 0, reply_warned_for BIGINT NOT NULL DEFAULT 0, reply_overdue_for BIGINT NOT NULL DEFAULT 0, resolve_warned_for BIGINT NOT NULL DEFAULT 0, resolve_overdue_for BIGINT NOT NULL DEFAULT 0, escalate_at BIGINT NOT NULL DEFAULT 0, supervision_flagged_at BIGINT NOT NULL DEFAULT 0, reporter_email TEXT NOT NULL DEFAULT '', facility_code TEXT NOT NULL DEFAULT '', notify_resident BOOLEAN NOT NULL DEFAULT FALSE);
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
CREATE INDEX orders_merged_into ON orders(merged_into) WHERE merged_into > 0;
CREATE INDEX orders_received ON orders(received_at);
CREATE INDEX orders_sweep_reply_warning ON orders(reply_due_at)
    WHERE status IN ('new','pending','dispatched','processing') AND replied_at = 0 AND reply_warned_for <> reply_due_at;
CREATE INDEX orders_sweep_reply_overdue ON orders(reply_due_at)
    WHERE status IN ('new','pending','dispatched','processing') AND replied_at = 0 AND reply_overdue_for <> reply_due_at;
CREATE INDEX orders_sweep_resolve_warning ON orders(resolve_due_at)
    WHERE status IN ('new','pending','dispatched','processing') AND resolve_warned_for <> resolve_due_at;
CREATE INDEX orders_sweep_resolve_overdue ON orders(resolve_due_at)
    WHERE status IN ('new','pending','dispatched','processing') AND resolve_overdue_for <> resolve_due_at;
CREATE INDEX orders_sweep_escalate ON orders(escalate_at)
    WHERE status IN ('new','pending','dispatched','processing') AND escalate_at > 0 AND resolve_overdue_for = resolve_due_at;
CREATE INDEX orders_supervision_flagged ON orders(supervision_flagged_at) WHERE supervision_flagged_at > 0;
CREATE INDEX orders_updated ON orders(updated_at);
CREATE INDEX orders_report_unreplied ON orders(reply_due_at) WHERE replied_at = 0;
CREATE INDEX orders_report_district ON orders(district_code, received_at);
CREATE INDEX orders_report_community ON orders(community_code, received_at);
COMMIT;
PRAGMA foreign_keys = ON;
