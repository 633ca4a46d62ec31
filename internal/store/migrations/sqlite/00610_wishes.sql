-- +goose Up
-- 微心愿: small wishes of residents (posted by themselves or by a grid
-- worker for an elder), approved by the community, claimed by a party
-- member, a volunteer or a unit, and fulfilled with a photo. The wall shows
-- the title, the story, the status and the fulfilment, never a person: the
-- wisher's and the claimant's names and phones are sealed (internal/pii).
-- A wish is claimed at most once (status moves approved → claimed in one
-- conditional UPDATE). Times are BIGINT Unix ms.
CREATE TABLE wishes (
    id                  INTEGER PRIMARY KEY,
    community_code      TEXT NOT NULL REFERENCES regions(code),
    grid_code           TEXT REFERENCES grids(code),
    title               TEXT NOT NULL,
    story               TEXT NOT NULL DEFAULT '',
    beneficiary         TEXT NOT NULL DEFAULT '',
    posted_by           TEXT NOT NULL CHECK (posted_by IN ('resident', 'staff')),
    poster_user_id      BIGINT NOT NULL DEFAULT 0,
    wisher_name_sealed  TEXT NOT NULL,
    wisher_name_blind   TEXT NOT NULL,
    wisher_phone_sealed TEXT NOT NULL DEFAULT '',
    wisher_phone_blind  TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'claimed', 'fulfilled')),
    review_note         TEXT NOT NULL DEFAULT '',
    reviewed_at         BIGINT NOT NULL DEFAULT 0,
    claimant_kind       TEXT NOT NULL DEFAULT '' CHECK (claimant_kind IN ('', 'member', 'volunteer', 'unit')),
    claimant_name_sealed  TEXT NOT NULL DEFAULT '',
    claimant_phone_sealed TEXT NOT NULL DEFAULT '',
    claimant_unit       TEXT NOT NULL DEFAULT '',
    claimed_at          BIGINT NOT NULL DEFAULT 0,
    fulfil_note         TEXT NOT NULL DEFAULT '',
    fulfilled_at        BIGINT NOT NULL DEFAULT 0,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    CHECK ((status IN ('claimed', 'fulfilled')) = (claimant_kind <> ''))
);
CREATE INDEX wishes_community ON wishes(community_code, status, created_at);

-- The fulfilment photo, its metadata stripped (internal/imagemeta).
CREATE TABLE wish_photos (
    wish_id      INTEGER NOT NULL PRIMARY KEY REFERENCES wishes(id),
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_at   BIGINT NOT NULL
);

-- +goose Down
DROP TABLE wish_photos;
DROP TABLE wishes;
