-- +goose Up
-- 居务公开: notices a community publishes (政务、财务、党务、居务) with
-- attachments (PDF, images), a publish date (may lie ahead: scheduled) and
-- an archive date (then it moves to the archive). An edit after publishing
-- keeps the text it replaces in disclosure_versions, with the reason, and
-- the public page shows that history. Times are BIGINT Unix ms.
CREATE TABLE disclosures (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES regions(code),
    category       TEXT NOT NULL CHECK (category IN ('government', 'finance', 'party', 'affairs')),
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    publish_at     BIGINT NOT NULL DEFAULT 0,
    archive_at     BIGINT NOT NULL DEFAULT 0,
    revision       INTEGER NOT NULL DEFAULT 1,
    version        INTEGER NOT NULL DEFAULT 1,
    created_by     BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    CHECK (status = 'draft' OR publish_at > 0)
);
CREATE INDEX disclosures_community ON disclosures(community_code, status, publish_at);

-- The texts replaced by edits after publishing: revision n is what the
-- public saw before the edit that made revision n + 1.
CREATE TABLE disclosure_versions (
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    revision      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    reason        TEXT NOT NULL,
    editor        TEXT NOT NULL DEFAULT '',
    replaced_at   BIGINT NOT NULL,
    PRIMARY KEY (disclosure_id, revision)
);

CREATE TABLE disclosure_attachments (
    id            INTEGER PRIMARY KEY,
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    data          BLOB NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX disclosure_attachments_of ON disclosure_attachments(disclosure_id);

-- +goose Down
DROP TABLE disclosure_attachments;
DROP TABLE disclosure_versions;
DROP TABLE disclosures;
