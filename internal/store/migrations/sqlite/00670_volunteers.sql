-- +goose Up
-- Volunteers (志愿服务): teams (队伍, 志愿巡逻队) of a street or community,
-- registered volunteers (name and phone sealed, blind-indexed: one
-- registration per phone), activities a community publishes (a time window,
-- a place with a point and a radius, a capacity), sign-ups, check-in by QR
-- code or GPS, and two append-only ledgers (service hours in minutes and
-- 积分) whose totals are sums. Patrols of a patrol team record a route,
-- times, members and findings; a finding can become a work order.
-- Times are BIGINT Unix ms. Scale: tens of thousands of volunteers per
-- district, so every list reads through an index and is paged.
CREATE TABLE volunteer_teams (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions(code),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('service', 'patrol')),
    note        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    UNIQUE (region_code, name)
);

CREATE TABLE volunteers (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES regions(code),
    team_id        BIGINT REFERENCES volunteer_teams(id),
    name_sealed    TEXT NOT NULL,
    name_blind     TEXT NOT NULL,
    phone_sealed   TEXT NOT NULL,
    phone_blind    TEXT NOT NULL UNIQUE,
    skills         TEXT NOT NULL DEFAULT '',
    availability   TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
    registered_by  BIGINT NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL
);
CREATE INDEX volunteers_community ON volunteers(community_code, id);
CREATE INDEX volunteers_team ON volunteers(team_id, id);
CREATE INDEX volunteers_name ON volunteers(name_blind);

CREATE TABLE volunteer_activities (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES regions(code),
    team_id        BIGINT REFERENCES volunteer_teams(id),
    title          TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT '',
    place          TEXT NOT NULL,
    lng            DOUBLE PRECISION NOT NULL,
    lat            DOUBLE PRECISION NOT NULL,
    radius_m       INTEGER NOT NULL CHECK (radius_m BETWEEN 20 AND 2000),
    starts_at      BIGINT NOT NULL,
    ends_at        BIGINT NOT NULL,
    capacity       INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
    signed_count   INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'cancelled')),
    created_by     BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (signed_count BETWEEN 0 AND capacity)
);
CREATE INDEX volunteer_activities_community ON volunteer_activities(community_code, starts_at);
CREATE INDEX volunteer_activities_time ON volunteer_activities(starts_at);

CREATE TABLE volunteer_signups (
    id             INTEGER PRIMARY KEY,
    activity_id    BIGINT NOT NULL REFERENCES volunteer_activities(id),
    volunteer_id   BIGINT NOT NULL REFERENCES volunteers(id),
    signed_at      BIGINT NOT NULL,
    checkin_at     BIGINT NOT NULL DEFAULT 0,
    checkin_method TEXT NOT NULL DEFAULT '' CHECK (checkin_method IN ('', 'qr', 'gps')),
    checkout_at    BIGINT NOT NULL DEFAULT 0,
    minutes        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (activity_id, volunteer_id),
    CHECK (checkout_at = 0 OR checkin_at > 0)
);
CREATE INDEX volunteer_signups_volunteer ON volunteer_signups(volunteer_id, activity_id);

CREATE TABLE volunteer_patrols (
    id             INTEGER PRIMARY KEY,
    team_id        BIGINT NOT NULL REFERENCES volunteer_teams(id),
    community_code TEXT NOT NULL REFERENCES regions(code),
    started_at     BIGINT NOT NULL,
    ended_at       BIGINT NOT NULL,
    route          TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_by     BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    CHECK (ended_at > started_at)
);
CREATE INDEX volunteer_patrols_community ON volunteer_patrols(community_code, started_at);

CREATE TABLE volunteer_patrol_members (
    patrol_id    BIGINT NOT NULL REFERENCES volunteer_patrols(id),
    volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
    PRIMARY KEY (patrol_id, volunteer_id)
);

CREATE TABLE volunteer_patrol_findings (
    id           INTEGER PRIMARY KEY,
    patrol_id    BIGINT NOT NULL REFERENCES volunteer_patrols(id),
    text         TEXT NOT NULL,
    lng          DOUBLE PRECISION NOT NULL DEFAULT 0,
    lat          DOUBLE PRECISION NOT NULL DEFAULT 0,
    order_number TEXT NOT NULL DEFAULT ''
);
CREATE INDEX volunteer_patrol_findings_patrol ON volunteer_patrol_findings(patrol_id);

-- The ledgers: kind 'hours' (amount in minutes) or 'points' (积分).
-- Append-only: a correction is a new line. ref makes a credit happen once
-- (signup:N, patrol:N:V); manual lines have no ref.
CREATE TABLE volunteer_ledger (
    id           INTEGER PRIMARY KEY,
    volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
    kind         TEXT NOT NULL CHECK (kind IN ('hours', 'points')),
    amount       INTEGER NOT NULL CHECK (amount <> 0),
    reason       TEXT NOT NULL,
    ref          TEXT,
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    UNIQUE (kind, ref)
);
CREATE INDEX volunteer_ledger_volunteer ON volunteer_ledger(volunteer_id, kind, created_at);

-- +goose Down
DROP TABLE volunteer_ledger;
DROP TABLE volunteer_patrol_findings;
DROP TABLE volunteer_patrol_members;
DROP TABLE volunteer_patrols;
DROP TABLE volunteer_signups;
DROP TABLE volunteer_activities;
DROP TABLE volunteers;
DROP TABLE volunteer_teams;
