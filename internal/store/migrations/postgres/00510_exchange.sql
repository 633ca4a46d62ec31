-- +goose Up
-- Four-level linkage across deployments (internal/exchange, docs/exchange.md):
-- the peers this instance exchanges orders with, the nonces seen (replay
-- guard), the orders exchanged each way, the status events sent (the pull
-- cursor is their id), the messages received (idempotent by message id),
-- status events received ahead of their turn, and the category mapping
-- between the upstream's catalogue and ours. Orders gain the channel
-- upstream.
ALTER TABLE orders DROP CONSTRAINT orders_channel_check;
ALTER TABLE orders ADD CONSTRAINT orders_channel_check
    CHECK (channel IN ('hotline','web','email','patrol','api','import','upstream'));

CREATE TABLE exchange_links (
    id           BIGSERIAL PRIMARY KEY,
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
    id            BIGSERIAL PRIMARY KEY,
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
    id        BIGSERIAL PRIMARY KEY,                      -- the pull cursor
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

-- +goose Down
DROP TABLE exchange_category_map;
DROP TABLE exchange_held_events;
DROP TABLE exchange_inbox;
DROP TABLE exchange_events;
DROP TABLE exchange_orders;
DROP TABLE exchange_nonces;
DROP TABLE exchange_links;
ALTER TABLE orders DROP CONSTRAINT orders_channel_check;
ALTER TABLE orders ADD CONSTRAINT orders_channel_check
    CHECK (channel IN ('hotline','web','email','patrol','api','import'));
