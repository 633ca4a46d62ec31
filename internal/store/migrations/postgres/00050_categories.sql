-- +goose Up
-- 派单目录: the category catalogue (internal/category). Orders copy the
-- limits of their category when created, so editing a row here never
-- rewrites past orders.
CREATE TABLE categories (
    code            TEXT PRIMARY KEY,             -- stable ASCII, e.g. streetlight.out
    parent_code     TEXT REFERENCES categories(code),
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('component','event','consult')),
    route           TEXT NOT NULL,                -- grid | street | centre | department:<code>
    urgency         TEXT NOT NULL CHECK (urgency IN ('normal','urgent','emergency')),
    reply_minutes   INTEGER NOT NULL CHECK (reply_minutes > 0),      -- provisional reply, clock minutes
    resolve_days    INTEGER NOT NULL DEFAULT 0 CHECK (resolve_days >= 0),    -- working days, or
    resolve_minutes INTEGER NOT NULL DEFAULT 0 CHECK (resolve_minutes >= 0), -- clock minutes
    fields          TEXT NOT NULL DEFAULT '[]',   -- JSON list of extra fields (Open311 attributes)
    keywords        TEXT NOT NULL DEFAULT '',     -- space-separated words residents use
    sort_order      INTEGER NOT NULL DEFAULT 0,
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    CHECK ((resolve_days > 0) <> (resolve_minutes > 0))
);
CREATE INDEX categories_parent ON categories(parent_code);

-- +goose Down
DROP TABLE categories;
