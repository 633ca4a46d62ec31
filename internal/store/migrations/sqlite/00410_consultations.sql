-- +goose Up
-- 征询: residents decide 改不改 / 改什么 / 怎么改 for a project's 小区 (or
-- some of its buildings). Each stage is one consultation; a series shares
-- the project and 小区 and is ordered by stage. The eligible houses are
-- fixed when the consultation is created, with their 建筑面积 (dm², i.e.
-- 0.01 m²) and owner group (houses sharing an owner count as one owner,
-- 最高人民法院 建筑物区分所有权解释 第九条), so a result never moves when the
-- register changes later. One ballot per house, changeable until close;
-- every change is audited. Owner codes are stored as SHA-256 only.
CREATE TABLE consultations (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES projects(id),
    estate_id     INTEGER NOT NULL REFERENCES estates(id),
    community_code TEXT NOT NULL REFERENCES regions(code),
    year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    stage         TEXT NOT NULL CHECK (stage IN ('whether', 'what', 'how')),
    title         TEXT NOT NULL,
    question      TEXT NOT NULL DEFAULT '',
    rule          TEXT NOT NULL CHECK (rule IN ('civil278_major', 'civil278_ordinary', 'consent')),
    consent_num   INTEGER NOT NULL DEFAULT 2 CHECK (consent_num > 0),
    consent_den   INTEGER NOT NULL DEFAULT 3 CHECK (consent_den > 0 AND consent_num <= consent_den),
    budget_fen    BIGINT NOT NULL DEFAULT 0 CHECK (budget_fen >= 0),
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    opened_at     BIGINT,
    closed_at     BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX consultations_project ON consultations(project_id);
CREATE INDEX consultations_estate ON consultations(estate_id);

CREATE TABLE consultation_houses (
    consultation_id INTEGER NOT NULL REFERENCES consultations(id),
    house_id        INTEGER NOT NULL REFERENCES houses(id),
    area_dm2        BIGINT NOT NULL CHECK (area_dm2 >= 0),
    owner_group     BIGINT NOT NULL,
    PRIMARY KEY (consultation_id, house_id)
);

-- 改什么: work items with their estimated cost (a ballot's choice must fit
-- the budget); 怎么改: the plans to choose one from.
CREATE TABLE consultation_options (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id),
    seq             INTEGER NOT NULL CHECK (seq >= 1),
    name            TEXT NOT NULL,
    cost_fen        BIGINT NOT NULL DEFAULT 0 CHECK (cost_fen >= 0),
    work_item_id    INTEGER REFERENCES project_work_items(id)
);
CREATE UNIQUE INDEX consultation_options_seq ON consultation_options(consultation_id, seq);

-- choice: yes / no / abstain for 改不改; 'options' for the others, with the
-- chosen option ids in options (comma-separated, ascending).
CREATE TABLE consultation_ballots (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id),
    house_id        INTEGER NOT NULL REFERENCES houses(id),
    choice          TEXT NOT NULL CHECK (choice IN ('yes', 'no', 'abstain', 'options')),
    options         TEXT NOT NULL DEFAULT '',
    suggestion      TEXT NOT NULL DEFAULT '',
    channel         TEXT NOT NULL CHECK (channel IN ('desk', 'code')),
    photo_sha256    TEXT NOT NULL DEFAULT '',
    content_type    TEXT NOT NULL DEFAULT '',
    recorded_by     INTEGER REFERENCES users(id),
    adopted_work_item_id INTEGER REFERENCES project_work_items(id),
    adopted_order_id INTEGER REFERENCES orders(id),
    version         INTEGER NOT NULL DEFAULT 1,
    cast_at         BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX consultation_ballots_house ON consultation_ballots(consultation_id, house_id);

CREATE TABLE consultation_codes (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id),
    house_id        INTEGER NOT NULL REFERENCES houses(id),
    code_sha256     TEXT NOT NULL UNIQUE,
    expires_at      BIGINT NOT NULL,
    used_at         BIGINT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX consultation_codes_house ON consultation_codes(consultation_id, house_id);

-- +goose Down
DROP TABLE consultation_codes;
DROP TABLE consultation_ballots;
DROP TABLE consultation_options;
DROP TABLE consultation_houses;
DROP TABLE consultations;
