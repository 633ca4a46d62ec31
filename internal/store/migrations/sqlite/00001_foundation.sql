-- +goose Up
-- Times are BIGINT Unix milliseconds (UTC); 0 means "not set".

CREATE TABLE regions (
    code          TEXT PRIMARY KEY,           -- NBS code: 2, 4, 6, 9 or 12 digits
    name          TEXT NOT NULL,              -- display name, suffix 居民委员会/村民委员会 dropped
    official_name TEXT NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('province','city','district','street','community','village')),
    parent_code   TEXT REFERENCES regions(code),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX regions_parent ON regions(parent_code);

CREATE TABLE departments (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions(code), -- the jurisdiction it serves
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE grids (
    code           TEXT PRIMARY KEY,          -- 12-digit community code + 3-digit sequence
    community_code TEXT NOT NULL REFERENCES regions(code),
    seq            INTEGER NOT NULL,
    name           TEXT NOT NULL,
    geometry       TEXT NOT NULL,             -- GeoJSON geometry, WGS84 lng/lat
    min_lng        DOUBLE PRECISION NOT NULL,
    min_lat        DOUBLE PRECISION NOT NULL,
    max_lng        DOUBLE PRECISION NOT NULL,
    max_lat        DOUBLE PRECISION NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (community_code, seq)
);

CREATE TABLE buildings (
    code       TEXT PRIMARY KEY,
    grid_code  TEXT NOT NULL REFERENCES grids(code),
    name       TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    lat        DOUBLE PRECISION,
    lng        DOUBLE PRECISION,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX buildings_grid ON buildings(grid_code);

CREATE TABLE units (
    code          TEXT PRIMARY KEY,
    building_code TEXT NOT NULL REFERENCES buildings(code),
    name          TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX units_building ON units(building_code);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL CHECK (role IN ('operator','dispatcher','street','community','grid','building','department','supervisor','leader','admin')),
    node_code       TEXT REFERENCES regions(code),
    department_code TEXT REFERENCES departments(code),
    password_hash   TEXT NOT NULL,
    failed_signins  INTEGER NOT NULL DEFAULT 0,
    locked_until    BIGINT NOT NULL DEFAULT 0,
    disabled        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK ((node_code IS NULL) <> (department_code IS NULL))
);
CREATE INDEX users_node ON users(node_code);

-- Grid roles: 网格长 (head) and 网格员 (worker) on grids; 楼长/单元长 on buildings and units.
CREATE TABLE grid_members (
    grid_code TEXT NOT NULL REFERENCES grids(code),
    user_id   INTEGER NOT NULL REFERENCES users(id),
    role      TEXT NOT NULL CHECK (role IN ('head','worker')),
    PRIMARY KEY (grid_code, user_id)
);
CREATE TABLE building_members (
    building_code TEXT NOT NULL REFERENCES buildings(code),
    unit_code     TEXT NOT NULL DEFAULT '',   -- '' for the whole building (楼长)
    user_id       INTEGER NOT NULL REFERENCES users(id),
    role          TEXT NOT NULL CHECK (role IN ('building','unit')),
    PRIMARY KEY (building_code, unit_code, user_id)
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,            -- SHA-256 of the cookie value
    user_id      INTEGER NOT NULL REFERENCES users(id),
    csrf_token   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    token_hash   TEXT NOT NULL UNIQUE,        -- SHA-256 of the bearer token
    name         TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL DEFAULT 0,
    revoked_at   BIGINT NOT NULL DEFAULT 0
);

-- Append-only: sign-ins, failures and every admin change.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor_id   INTEGER,                       -- NULL for anonymous or the command line
    actor_name TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    target     TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    ip         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE building_members;
DROP TABLE grid_members;
DROP TABLE users;
DROP TABLE units;
DROP TABLE buildings;
DROP TABLE grids;
DROP TABLE departments;
DROP TABLE regions;
