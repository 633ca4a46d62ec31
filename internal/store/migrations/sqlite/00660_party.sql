-- +goose Up
-- 党建 (docs/design.md §19): party organisations attached to communities
-- and grids, members (name, phone and ID number sealed with a blind index,
-- internal/pii), 在职党员 双报到, service tasks and the hours they earn,
-- 党员结对联系 with visits, 机关干部下沉 (assignment, duty, service records)
-- and 党代表接待日 with the matters raised (each may become a work order).
-- Times are BIGINT Unix ms; days are TEXT YYYY-MM-DD.

-- 社区党委 / 党总支 / 党支部 / 网格党小组. A community has one top
-- organisation (no parent); a 党小组 sits in a grid of its community.
CREATE TABLE party_orgs (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES regions(code),
    grid_code      TEXT REFERENCES grids(code),
    parent_id      BIGINT REFERENCES party_orgs(id),
    kind           TEXT NOT NULL CHECK (kind IN ('committee', 'general', 'branch', 'group')),
    name           TEXT NOT NULL,
    secretary      TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    CHECK ((kind = 'group') = (grid_code IS NOT NULL)),
    CHECK (kind NOT IN ('committee', 'general') OR parent_id IS NULL),
    CHECK (kind <> 'group' OR parent_id IS NOT NULL)
);
CREATE UNIQUE INDEX party_orgs_top ON party_orgs(community_code) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX party_orgs_name ON party_orgs(community_code, name);

-- 报到单位: the units 在职党员 and 下沉干部 come from, each paired with a
-- community (结对共建社区).
CREATE TABLE party_units (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL UNIQUE,
    kind                  TEXT NOT NULL CHECK (kind IN ('organ', 'institution', 'soe', 'enterprise', 'other')),
    paired_community_code TEXT NOT NULL REFERENCES regions(code),
    created_at            BIGINT NOT NULL
);

-- Members: 社区党员 (organisation in the community) or 在职党员 (of a
-- unit, living in community_code).
CREATE TABLE party_members (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('community', 'working')),
    community_code TEXT NOT NULL REFERENCES regions(code),
    org_id         BIGINT REFERENCES party_orgs(id),
    unit_id        BIGINT REFERENCES party_units(id),
    name_sealed    TEXT NOT NULL,
    name_blind     TEXT NOT NULL,
    phone_sealed   TEXT NOT NULL DEFAULT '',
    phone_blind    TEXT NOT NULL DEFAULT '',
    idno_sealed    TEXT NOT NULL,
    idno_blind     TEXT NOT NULL,
    joined_on      TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    CHECK ((kind = 'working') = (unit_id IS NOT NULL))
);
CREATE UNIQUE INDEX party_members_idno ON party_members(idno_blind);
CREATE INDEX party_members_community ON party_members(community_code);
CREATE INDEX party_members_unit ON party_members(unit_id);
CREATE INDEX party_members_name ON party_members(name_blind);

-- 双报到: one report where the member lives, one with the unit's paired
-- community.
CREATE TABLE party_reports (
    member_id      BIGINT NOT NULL REFERENCES party_members(id),
    kind           TEXT NOT NULL CHECK (kind IN ('residence', 'paired')),
    community_code TEXT NOT NULL REFERENCES regions(code),
    reported_at    BIGINT NOT NULL,
    recorded_by    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (member_id, kind)
);
CREATE INDEX party_reports_community ON party_reports(community_code);

-- Service tasks a community publishes; claimed counts the claims so a
-- full task refuses the next in one conditional UPDATE.
CREATE TABLE party_tasks (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES regions(code),
    title          TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT '',
    starts_at      BIGINT NOT NULL,
    ends_at        BIGINT NOT NULL,
    minutes        INTEGER NOT NULL CHECK (minutes > 0),
    capacity       INTEGER NOT NULL CHECK (capacity > 0),
    claimed        INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_by     BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (claimed >= 0 AND claimed <= capacity)
);
CREATE INDEX party_tasks_community ON party_tasks(community_code, starts_at);

CREATE TABLE party_task_claims (
    task_id    BIGINT NOT NULL REFERENCES party_tasks(id),
    member_id  BIGINT NOT NULL REFERENCES party_members(id),
    claimed_at BIGINT NOT NULL,
    done_at    BIGINT NOT NULL DEFAULT 0,
    minutes    INTEGER NOT NULL DEFAULT 0,
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (task_id, member_id),
    CHECK ((done_at = 0) = (minutes = 0))
);
CREATE INDEX party_task_claims_member ON party_task_claims(member_id);

-- The hours ledger: every credited service once (task, wish, cadre
-- service), in the community it was done for.
CREATE TABLE party_hours (
    id             INTEGER PRIMARY KEY,
    member_id      BIGINT NOT NULL REFERENCES party_members(id),
    community_code TEXT NOT NULL REFERENCES regions(code),
    source         TEXT NOT NULL CHECK (source IN ('task', 'wish', 'cadre')),
    ref_id         BIGINT NOT NULL,
    minutes        INTEGER NOT NULL CHECK (minutes > 0),
    credited_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX party_hours_ref ON party_hours(source, ref_id, member_id);
CREATE INDEX party_hours_community ON party_hours(community_code, credited_at);
CREATE INDEX party_hours_member ON party_hours(member_id);

-- 党员结对联系: a member looks after households; visits logged.
CREATE TABLE party_pairs (
    id             INTEGER PRIMARY KEY,
    member_id      BIGINT NOT NULL REFERENCES party_members(id),
    household_id   BIGINT NOT NULL REFERENCES households(id),
    community_code TEXT NOT NULL REFERENCES regions(code),
    since          BIGINT NOT NULL,
    ended_at       BIGINT NOT NULL DEFAULT 0,
    last_visit_at  BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX party_pairs_current ON party_pairs(member_id, household_id) WHERE ended_at = 0;
CREATE INDEX party_pairs_community ON party_pairs(community_code);

CREATE TABLE party_visits (
    id          INTEGER PRIMARY KEY,
    pair_id     BIGINT NOT NULL REFERENCES party_pairs(id),
    visited_at  BIGINT NOT NULL,
    note_sealed TEXT NOT NULL,
    has_point   INTEGER NOT NULL DEFAULT 0,
    recorded_by BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);
CREATE INDEX party_visits_pair ON party_visits(pair_id, visited_at);

-- 机关干部下沉 / 挂牌服务: a working member assigned to a community.
CREATE TABLE party_cadres (
    id             INTEGER PRIMARY KEY,
    member_id      BIGINT NOT NULL REFERENCES party_members(id),
    community_code TEXT NOT NULL REFERENCES regions(code),
    post           TEXT NOT NULL,
    starts_on      TEXT NOT NULL,
    ends_on        TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE UNIQUE INDEX party_cadres_member ON party_cadres(member_id, community_code);
CREATE INDEX party_cadres_community ON party_cadres(community_code);

CREATE TABLE party_duties (
    id       INTEGER PRIMARY KEY,
    cadre_id BIGINT NOT NULL REFERENCES party_cadres(id),
    duty_on  TEXT NOT NULL,
    slot     TEXT NOT NULL CHECK (slot IN ('am', 'pm', 'day')),
    place    TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX party_duties_day ON party_duties(cadre_id, duty_on, slot);

CREATE TABLE party_services (
    id          INTEGER PRIMARY KEY,
    cadre_id    BIGINT NOT NULL REFERENCES party_cadres(id),
    served_at   BIGINT NOT NULL,
    minutes     INTEGER NOT NULL CHECK (minutes > 0),
    summary     TEXT NOT NULL,
    recorded_by BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);
CREATE INDEX party_services_cadre ON party_services(cadre_id, served_at);

-- 党代表接待日 and the matters residents raised there.
CREATE TABLE party_receptions (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES regions(code),
    starts_at      BIGINT NOT NULL,
    place          TEXT NOT NULL,
    deputies       TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX party_receptions_community ON party_receptions(community_code, starts_at);

CREATE TABLE party_matters (
    id                  INTEGER PRIMARY KEY,
    reception_id        BIGINT NOT NULL REFERENCES party_receptions(id),
    visitor_name_sealed TEXT NOT NULL,
    visitor_name_blind  TEXT NOT NULL,
    visitor_phone_sealed TEXT NOT NULL DEFAULT '',
    visitor_phone_blind TEXT NOT NULL DEFAULT '',
    matter              TEXT NOT NULL,
    order_number        TEXT UNIQUE REFERENCES orders(number),
    created_at          BIGINT NOT NULL
);
CREATE INDEX party_matters_reception ON party_matters(reception_id);

-- +goose Down
DROP TABLE party_matters;
DROP TABLE party_receptions;
DROP TABLE party_services;
DROP TABLE party_duties;
DROP TABLE party_cadres;
DROP TABLE party_visits;
DROP TABLE party_pairs;
DROP TABLE party_hours;
DROP TABLE party_task_claims;
DROP TABLE party_tasks;
DROP TABLE party_reports;
DROP TABLE party_members;
DROP TABLE party_units;
DROP TABLE party_orgs;
