-- +goose Up
-- The grid's information base, first part: 标准地址 (standard addresses),
-- 小区 (estates) and 实有房屋 (houses), plus 专职/兼职 on every post and
-- retirement of buildings and units (never deleted: orders, addresses and
-- houses point at them). Times are BIGINT Unix ms.
ALTER TABLE grid_members ADD COLUMN duty TEXT NOT NULL DEFAULT 'full' CHECK (duty IN ('full', 'part'));
ALTER TABLE building_members ADD COLUMN duty TEXT NOT NULL DEFAULT 'part' CHECK (duty IN ('full', 'part'));

CREATE TABLE estates (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES regions(code),
    name           TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    retired_at     BIGINT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX estates_name ON estates(community_code, name) WHERE retired_at IS NULL;

ALTER TABLE buildings ADD COLUMN estate_id INTEGER REFERENCES estates(id);
ALTER TABLE buildings ADD COLUMN retired_at BIGINT;
ALTER TABLE units ADD COLUMN retired_at BIGINT;

-- One row per standard address: a door plate (街路巷 + 门牌号), a building,
-- a unit or a room (户室) under it. text is the local standard form
-- (胜利路12号阳光小区3栋2单元502室), full_text adds the district and street.
CREATE TABLE addresses (
    id             INTEGER PRIMARY KEY,
    parent_id      INTEGER REFERENCES addresses(id),
    level          TEXT NOT NULL CHECK (level IN ('door', 'building', 'unit', 'room')),
    community_code TEXT NOT NULL REFERENCES regions(code),
    grid_code      TEXT NOT NULL REFERENCES grids(code),
    road           TEXT NOT NULL,
    door_no        TEXT NOT NULL,
    estate_id      INTEGER REFERENCES estates(id),
    building_code  TEXT REFERENCES buildings(code),
    building_no    TEXT NOT NULL DEFAULT '',
    unit_code      TEXT REFERENCES units(code),
    unit_no        TEXT NOT NULL DEFAULT '',
    room_no        TEXT NOT NULL DEFAULT '',
    text           TEXT NOT NULL,
    full_text      TEXT NOT NULL,
    lng            DOUBLE PRECISION,
    lat            DOUBLE PRECISION,
    version        INTEGER NOT NULL DEFAULT 1,
    retired_at     BIGINT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX addresses_live_text ON addresses(community_code, text) WHERE retired_at IS NULL;
CREATE INDEX addresses_grid ON addresses(grid_code);
CREATE INDEX addresses_parent ON addresses(parent_id);
CREATE INDEX addresses_building ON addresses(building_code);
-- The in-memory search index catches up from here (several app nodes).
CREATE INDEX addresses_updated ON addresses(updated_at);

-- 实有房屋: one per room address. Area in dm² (0.01 m²) (建筑面积; votes are
-- weighed by it). Owners come with the people register (house_owners).
CREATE TABLE houses (
    id             INTEGER PRIMARY KEY,
    address_id     INTEGER NOT NULL REFERENCES addresses(id),
    building_code  TEXT NOT NULL REFERENCES buildings(code),
    grid_code      TEXT NOT NULL REFERENCES grids(code),
    community_code TEXT NOT NULL REFERENCES regions(code),
    house_use      TEXT NOT NULL CHECK (house_use IN ('own', 'rent', 'vacant', 'business', 'other')),
    area_dm2       BIGINT NOT NULL CHECK (area_dm2 >= 0),
    tenant_count   INTEGER NOT NULL DEFAULT 0 CHECK (tenant_count >= 0),
    lease_start    TEXT NOT NULL DEFAULT '',
    lease_end      TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    retired_at     BIGINT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX houses_live_address ON houses(address_id) WHERE retired_at IS NULL;
CREATE INDEX houses_grid ON houses(grid_code);
CREATE INDEX houses_building ON houses(building_code);

-- +goose Down
DROP TABLE houses;
DROP TABLE addresses;
ALTER TABLE units DROP COLUMN retired_at;
ALTER TABLE buildings DROP COLUMN retired_at;
ALTER TABLE buildings DROP COLUMN estate_id;
DROP TABLE estates;
ALTER TABLE building_members DROP COLUMN duty;
ALTER TABLE grid_members DROP COLUMN duty;
