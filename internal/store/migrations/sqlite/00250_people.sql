-- +goose Up
-- 实有人口: the people register, households (户), house owners and the
-- changes 楼长/单元长 report. Names, document numbers and phones are sealed
-- (internal/pii) and found by keyed blind indexes; nothing here holds them
-- in plain text. Times are BIGINT Unix ms; dates are YYYY-MM-DD text.
CREATE TABLE people (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES regions(code),
    grid_code      TEXT NOT NULL REFERENCES grids(code),
    building_code  TEXT REFERENCES buildings(code),
    house_id       INTEGER REFERENCES houses(id),
    name_sealed    TEXT NOT NULL,
    name_blind     TEXT NOT NULL,
    doc_type       TEXT NOT NULL CHECK (doc_type IN ('id', 'passport', 'hkmo', 'tw', 'fpr')),
    doc_sealed     TEXT NOT NULL,
    doc_blind      TEXT NOT NULL,
    sex            TEXT NOT NULL DEFAULT '' CHECK (sex IN ('', 'M', 'F')),
    birth_year     INTEGER NOT NULL DEFAULT 0,
    phone_sealed   TEXT NOT NULL DEFAULT '',
    phone_blind    TEXT NOT NULL DEFAULT '',
    hukou          TEXT NOT NULL CHECK (hukou IN ('local', 'other')),
    residence      TEXT NOT NULL CHECK (residence IN ('resident', 'floating', 'abroad', 'lodging')),
    separated      BOOLEAN NOT NULL DEFAULT FALSE,
    moved_in       TEXT NOT NULL DEFAULT '',
    moved_out      TEXT NOT NULL DEFAULT '',
    deceased       TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX people_doc ON people(doc_type, doc_blind);
CREATE INDEX people_name ON people(name_blind);
CREATE INDEX people_phone ON people(phone_blind);
CREATE INDEX people_grid ON people(grid_code);
CREATE INDEX people_building ON people(building_code);
CREATE INDEX people_house ON people(house_id);

-- 户: a household with its 户主; a person belongs to at most one.
CREATE TABLE households (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES regions(code),
    grid_code      TEXT NOT NULL REFERENCES grids(code),
    house_id       INTEGER REFERENCES houses(id),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX households_grid ON households(grid_code);

CREATE TABLE household_members (
    household_id INTEGER NOT NULL REFERENCES households(id),
    person_id    INTEGER NOT NULL REFERENCES people(id),
    relation     TEXT NOT NULL,
    PRIMARY KEY (household_id, person_id)
);
CREATE UNIQUE INDEX household_members_person ON household_members(person_id);
CREATE UNIQUE INDEX household_members_head ON household_members(household_id) WHERE relation = 'head';

-- House owners: a person may own several houses, a house have several
-- owners; share in basis points (10000 = whole), 0 when not recorded.
CREATE TABLE house_owners (
    house_id  INTEGER NOT NULL REFERENCES houses(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    share_bp  INTEGER NOT NULL DEFAULT 0 CHECK (share_bp >= 0 AND share_bp <= 10000),
    PRIMARY KEY (house_id, person_id)
);
CREATE INDEX house_owners_person ON house_owners(person_id);

-- Changes reported by 楼长/单元长; the register changes only when the
-- community confirms. payload_sealed holds the reported details (sealed
-- JSON: they may name a person).
CREATE TABLE people_changes (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES regions(code),
    grid_code      TEXT NOT NULL REFERENCES grids(code),
    building_code  TEXT NOT NULL REFERENCES buildings(code),
    house_id       INTEGER NOT NULL REFERENCES houses(id),
    kind           TEXT NOT NULL CHECK (kind IN ('move_in', 'move_out', 'birth', 'death', 'tenancy')),
    person_id      INTEGER REFERENCES people(id),
    payload_sealed TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
    reason         TEXT NOT NULL DEFAULT '',
    reported_by    INTEGER NOT NULL REFERENCES users(id),
    reported_at    BIGINT NOT NULL,
    decided_by     INTEGER REFERENCES users(id),
    decided_at     BIGINT,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX people_changes_status ON people_changes(community_code, status);

-- +goose Down
DROP TABLE people_changes;
DROP TABLE house_owners;
DROP TABLE household_members;
DROP TABLE households;
DROP TABLE people;
