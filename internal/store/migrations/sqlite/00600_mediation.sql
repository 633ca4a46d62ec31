-- +goose Up
-- 人民调解: dispute cases of a community, escalated to the street's 综治中心
-- when the community cannot settle them ("小事不出社区，大事不出街道").
-- Parties' names and phones are sealed (internal/pii) with keyed blind
-- indexes. A closed case always carries an outcome, and a successful one
-- its agreement. Times are BIGINT Unix ms.
CREATE TABLE mediation_cases (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES regions(code),
    street_code    TEXT NOT NULL REFERENCES regions(code),
    level          TEXT NOT NULL CHECK (level IN ('community', 'street')),
    dispute_type   TEXT NOT NULL CHECK (dispute_type IN ('neighbour', 'family', 'property', 'labour', 'damages', 'land', 'contract', 'other')),
    summary        TEXT NOT NULL,
    mediator       TEXT NOT NULL DEFAULT '',
    order_number   TEXT REFERENCES orders(number),
    status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    outcome        TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'success', 'failed', 'litigation')),
    agreement      TEXT NOT NULL DEFAULT '',
    result_note    TEXT NOT NULL DEFAULT '',
    opened_at      BIGINT NOT NULL,
    due_at         BIGINT NOT NULL,
    escalated_at   BIGINT NOT NULL DEFAULT 0,
    closed_at      BIGINT NOT NULL DEFAULT 0,
    created_by     BIGINT NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    CHECK ((status = 'closed') = (outcome <> '')),
    CHECK (outcome <> 'success' OR agreement <> '')
);
CREATE INDEX mediation_cases_community ON mediation_cases(community_code, opened_at);
CREATE INDEX mediation_cases_street ON mediation_cases(street_code, level, status);
CREATE UNIQUE INDEX mediation_cases_order ON mediation_cases(order_number) WHERE order_number IS NOT NULL;

CREATE TABLE mediation_parties (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES mediation_cases(id),
    side         TEXT NOT NULL CHECK (side IN ('applicant', 'respondent', 'other')),
    name_sealed  TEXT NOT NULL,
    name_blind   TEXT NOT NULL,
    phone_sealed TEXT NOT NULL DEFAULT '',
    phone_blind  TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
CREATE INDEX mediation_parties_case ON mediation_parties(case_id);
CREATE INDEX mediation_parties_name ON mediation_parties(name_blind);

-- 调解记录: each sitting of the mediation.
CREATE TABLE mediation_sessions (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES mediation_cases(id),
    held_at    BIGINT NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    mediator   TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL,
    created_by BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX mediation_sessions_case ON mediation_sessions(case_id, held_at);

-- +goose Down
DROP TABLE mediation_sessions;
DROP TABLE mediation_parties;
DROP TABLE mediation_cases;
