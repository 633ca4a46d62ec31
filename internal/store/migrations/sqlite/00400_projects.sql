-- +goose Up
-- Renovation (老旧小区改造) and 民生实事: programmes → projects → the 小区
-- and buildings they cover (households are counted from houses, never
-- typed), admin-edited catalogues of work items and output indicators,
-- funding, spending, 标段 with milestones and geotagged progress reports,
-- acceptance, orders filed from a project page, and the yearly livelihood
-- lists with quarterly reports. Money is integer fen (分); dates are
-- YYYY-MM-DD (Asia/Shanghai), times BIGINT Unix ms. A consultation (征询)
-- attaches later by project_id and estate_id.
-- A 小区's buildings are found through their standard addresses.
CREATE INDEX addresses_estate ON addresses(estate_id);

CREATE TABLE project_programmes (
    id            INTEGER PRIMARY KEY,
    region_code   TEXT NOT NULL REFERENCES regions(code),
    year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    batch         INTEGER NOT NULL DEFAULT 1 CHECK (batch >= 1),
    name          TEXT NOT NULL,
    published     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX project_programmes_batch ON project_programmes(region_code, year, batch);

-- 改造内容 catalogue, each with its class under 国办发〔2020〕23号.
CREATE TABLE project_work_items (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    class       TEXT NOT NULL CHECK (class IN ('basic', 'improve', 'upgrade')),
    retired_at  BIGINT,
    created_at  BIGINT NOT NULL
);

-- 建设指标 catalogue: 道路 m², 路灯 基, 监控点位 个 …
CREATE TABLE project_indicators (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    unit        TEXT NOT NULL,
    sort        INTEGER NOT NULL DEFAULT 0,
    retired_at  BIGINT,
    created_at  BIGINT NOT NULL
);

CREATE TABLE projects (
    id                 INTEGER PRIMARY KEY,
    programme_id       INTEGER NOT NULL REFERENCES project_programmes(id),
    name               TEXT NOT NULL,
    scope              TEXT NOT NULL,
    level              TEXT NOT NULL CHECK (level IN ('high', 'mid', 'low')),
    budget_fen         BIGINT NOT NULL CHECK (budget_fen >= 0),
    status             TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'building', 'done', 'accepted')),
    published          BOOLEAN NOT NULL DEFAULT FALSE,
    summary            TEXT NOT NULL DEFAULT '',
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX projects_programme ON projects(programme_id);

-- The 小区 and buildings a project covers; its street is the 小区's.
CREATE TABLE project_estates (
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    estate_id   INTEGER NOT NULL REFERENCES estates(id),
    PRIMARY KEY (project_id, estate_id)
);
CREATE INDEX project_estates_estate ON project_estates(estate_id);
CREATE TABLE project_buildings (
    project_id     INTEGER NOT NULL REFERENCES projects(id),
    building_code  TEXT NOT NULL REFERENCES buildings(code),
    estate_id      INTEGER NOT NULL REFERENCES estates(id),
    PRIMARY KEY (project_id, building_code)
);
CREATE TABLE project_work (
    project_id    INTEGER NOT NULL REFERENCES projects(id),
    work_item_id  INTEGER NOT NULL REFERENCES project_work_items(id),
    PRIMARY KEY (project_id, work_item_id)
);

-- Funding sources: central, province, city/district, special bonds,
-- residents, pipeline owners, social capital.
CREATE TABLE project_funding (
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    source      TEXT NOT NULL CHECK (source IN ('central', 'province', 'local', 'bond', 'residents', 'utility', 'social')),
    amount_fen  BIGINT NOT NULL CHECK (amount_fen >= 0),
    PRIMARY KEY (project_id, source)
);
CREATE TABLE project_spending (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    paid_on     TEXT NOT NULL,
    amount_fen  BIGINT NOT NULL CHECK (amount_fen > 0),
    note        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX project_spending_project ON project_spending(project_id);

-- Output ledger: quantities in the indicator's unit, per 小区, so a
-- street's figures are exact even for a project spanning streets.
CREATE TABLE project_outputs (
    project_id    INTEGER NOT NULL REFERENCES projects(id),
    indicator_id  INTEGER NOT NULL REFERENCES project_indicators(id),
    estate_id     INTEGER NOT NULL REFERENCES estates(id),
    quantity      BIGINT NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (project_id, indicator_id, estate_id)
);

-- 标段
CREATE TABLE project_sections (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects(id),
    name           TEXT NOT NULL,
    contractor     TEXT NOT NULL,
    supervisor     TEXT NOT NULL,
    contract_fen   BIGINT NOT NULL CHECK (contract_fen >= 0),
    planned_start  TEXT NOT NULL,
    planned_end    TEXT NOT NULL,
    actual_start   TEXT NOT NULL DEFAULT '',
    actual_end     TEXT NOT NULL DEFAULT '',
    progress       INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX project_sections_project ON project_sections(project_id);
CREATE TABLE section_milestones (
    section_id    INTEGER NOT NULL REFERENCES project_sections(id),
    kind          TEXT NOT NULL CHECK (kind IN ('approve', 'design', 'tender', 'start', 'finish', 'accept', 'audit')),
    planned_on    TEXT NOT NULL,
    done_on       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (section_id, kind)
);
-- Progress reports with a photo: GPS and time read from the EXIF before
-- it is stripped; the file is DATA/uploads/ab/cd/<sha256>.
CREATE TABLE section_reports (
    id            INTEGER PRIMARY KEY,
    section_id    INTEGER NOT NULL REFERENCES project_sections(id),
    progress      INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    stage         TEXT NOT NULL CHECK (stage IN ('before', 'during', 'after')),
    note          TEXT NOT NULL DEFAULT '',
    photo_sha256  TEXT NOT NULL DEFAULT '',
    content_type  TEXT NOT NULL DEFAULT '',
    lat           DOUBLE PRECISION,
    lng           DOUBLE PRECISION,
    taken_at      BIGINT,
    reported_at   BIGINT NOT NULL,
    reported_by   INTEGER REFERENCES users(id)
);
CREATE INDEX section_reports_section ON section_reports(section_id);

-- 验收: residents' representatives' satisfaction per 小区.
CREATE TABLE project_acceptances (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects(id),
    estate_id        INTEGER NOT NULL REFERENCES estates(id),
    accepted_on      TEXT NOT NULL,
    representatives  INTEGER NOT NULL CHECK (representatives > 0),
    satisfied        INTEGER NOT NULL CHECK (satisfied >= 0),
    basic            INTEGER NOT NULL CHECK (basic >= 0),
    unsatisfied      INTEGER NOT NULL CHECK (unsatisfied >= 0),
    note             TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX project_acceptances_estate ON project_acceptances(project_id, estate_id);

-- Orders filed from a project page (反映问题).
CREATE TABLE project_orders (
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    order_id    BIGINT NOT NULL REFERENCES orders(id),
    estate_id   INTEGER NOT NULL REFERENCES estates(id),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (project_id, order_id)
);

-- 民生实事
CREATE TABLE livelihood_items (
    id               INTEGER PRIMARY KEY,
    region_code      TEXT NOT NULL REFERENCES regions(code),
    year             INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    seq              INTEGER NOT NULL CHECK (seq >= 1),
    title            TEXT NOT NULL,
    target_quantity  BIGINT NOT NULL CHECK (target_quantity > 0),
    unit             TEXT NOT NULL,
    lead_department  TEXT NOT NULL,
    deadline         TEXT NOT NULL,
    published        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX livelihood_items_seq ON livelihood_items(region_code, year, seq);
CREATE TABLE livelihood_reports (
    id             INTEGER PRIMARY KEY,
    item_id        INTEGER NOT NULL REFERENCES livelihood_items(id),
    quarter        INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    done_quantity  BIGINT NOT NULL CHECK (done_quantity >= 0),
    note           TEXT NOT NULL,
    evidence_sha256 TEXT NOT NULL DEFAULT '',
    evidence_type  TEXT NOT NULL DEFAULT '',
    evidence_name  TEXT NOT NULL DEFAULT '',
    reported_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX livelihood_reports_quarter ON livelihood_reports(item_id, quarter);

-- +goose Down
DROP TABLE livelihood_reports;
DROP TABLE livelihood_items;
DROP TABLE project_orders;
DROP TABLE project_acceptances;
DROP TABLE section_reports;
DROP TABLE section_milestones;
DROP TABLE project_sections;
DROP TABLE project_outputs;
DROP TABLE project_spending;
DROP TABLE project_funding;
DROP TABLE project_work;
DROP TABLE project_buildings;
DROP TABLE project_estates;
DROP TABLE projects;
DROP TABLE project_indicators;
DROP TABLE project_work_items;
DROP TABLE project_programmes;
DROP INDEX addresses_estate;
