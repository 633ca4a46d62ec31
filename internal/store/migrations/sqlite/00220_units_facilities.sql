-- +goose Up
-- The grid's information base, units and facilities: 实有单位 (the
-- organisations, businesses and shops at a standard address) and 部件
-- (facilities, GB/T 30428.2), which an order can name. Times are BIGINT
-- Unix ms. Contact names and phones are sealed (internal/pii), never
-- plaintext.
CREATE TABLE org_units (
    id                   INTEGER PRIMARY KEY,
    kind                 TEXT NOT NULL CHECK (kind IN ('organ', 'institution', 'enterprise', 'individual', 'social', 'school', 'medical', 'shop')),
    name                 TEXT NOT NULL,
    credit_code          TEXT,                       -- 统一社会信用代码, NULL when the unit has none
    address_id           INTEGER NOT NULL REFERENCES addresses(id),
    address_text         TEXT NOT NULL,
    grid_code            TEXT NOT NULL REFERENCES grids(code),
    community_code       TEXT NOT NULL REFERENCES regions(code),
    lng                  DOUBLE PRECISION,
    lat                  DOUBLE PRECISION,
    contact_name         TEXT NOT NULL DEFAULT '',   -- sealed
    contact_phone        TEXT NOT NULL DEFAULT '',   -- sealed
    staff_count          INTEGER NOT NULL DEFAULT 0 CHECK (staff_count >= 0),
    state                TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'suspended', 'closed')),
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
CREATE UNIQUE INDEX org_units_credit_code ON org_units(credit_code) WHERE credit_code IS NOT NULL AND state <> 'closed';
CREATE INDEX org_units_grid ON org_units(grid_code);

-- 部件: code is the community code, the GB/T 30428.2 class (2 digits) and
-- sub-kind (2 digits), a dash and a 4-digit sequence per community and
-- sub-kind: 2105040020010101-0001. The owner is a unit or a department.
CREATE TABLE facilities (
    id                   INTEGER PRIMARY KEY,
    code                 TEXT NOT NULL UNIQUE,
    class                TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    seq                  INTEGER NOT NULL,
    name                 TEXT NOT NULL DEFAULT '',
    community_code       TEXT NOT NULL REFERENCES regions(code),
    grid_code            TEXT NOT NULL REFERENCES grids(code),
    lng                  DOUBLE PRECISION NOT NULL,
    lat                  DOUBLE PRECISION NOT NULL,
    owner_unit_id        INTEGER REFERENCES org_units(id),
    owner_dept_code      TEXT REFERENCES departments(code),
    state                TEXT NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'damaged', 'lost')),
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    CHECK (owner_unit_id IS NULL OR owner_dept_code IS NULL)
);
CREATE UNIQUE INDEX facilities_seq ON facilities(community_code, kind, seq);
CREATE INDEX facilities_grid ON facilities(grid_code);

-- The facility an order names (its location, grid and owner came from it).
ALTER TABLE orders ADD COLUMN facility_code TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE orders DROP COLUMN facility_code;
DROP TABLE facilities;
DROP TABLE org_units;
