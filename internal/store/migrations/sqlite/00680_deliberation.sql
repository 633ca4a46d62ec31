-- +goose Up
-- 议事协商: topics a community puts to its 议事协商委员会 or 居民代表会议,
-- the meetings that decide them, and the follow-up tasks of adopted
-- decisions, published to the community. Participants' and proposers'
-- names and phones are sealed (internal/pii). Times are BIGINT Unix ms.
CREATE TABLE deliberation_meetings (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES regions(code),
    body           TEXT NOT NULL CHECK (body IN ('council', 'representatives', 'joint')),
    title          TEXT NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    starts_at      BIGINT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('planned', 'held', 'published')),
    minutes        TEXT NOT NULL DEFAULT '',
    held_at        BIGINT NOT NULL DEFAULT 0,
    published_at   BIGINT NOT NULL DEFAULT 0,
    created_by     BIGINT NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    CHECK (status = 'planned' OR minutes <> ''),
    CHECK ((status = 'published') = (published_at <> 0))
);
CREATE INDEX deliberation_meetings_community ON deliberation_meetings(community_code, starts_at);

CREATE TABLE deliberation_participants (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES deliberation_meetings(id),
    kind        TEXT NOT NULL CHECK (kind IN ('resident_rep', 'party_member', 'property', 'owners_committee', 'staff', 'unit', 'deputy', 'other')),
    name_sealed TEXT NOT NULL,
    name_blind  TEXT NOT NULL,
    affiliation TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX deliberation_participants_meeting ON deliberation_participants(meeting_id);

CREATE TABLE deliberation_topics (
    id                    INTEGER PRIMARY KEY,
    community_code        TEXT NOT NULL REFERENCES regions(code),
    title                 TEXT NOT NULL,
    description           TEXT NOT NULL,
    source                TEXT NOT NULL CHECK (source IN ('resident', 'order', 'staff')),
    order_number          TEXT REFERENCES orders(number),
    proposer_name_sealed  TEXT NOT NULL DEFAULT '',
    proposer_phone_sealed TEXT NOT NULL DEFAULT '',
    proposer_phone_blind  TEXT NOT NULL DEFAULT '',
    status                TEXT NOT NULL CHECK (status IN ('proposed', 'scheduled', 'decided', 'declined')),
    meeting_id            INTEGER REFERENCES deliberation_meetings(id),
    decline_reason        TEXT NOT NULL DEFAULT '',
    outcome               TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'adopted', 'rejected', 'deferred')),
    decision              TEXT NOT NULL DEFAULT '',
    votes_for             INTEGER NOT NULL DEFAULT 0,
    votes_against         INTEGER NOT NULL DEFAULT 0,
    votes_abstain         INTEGER NOT NULL DEFAULT 0,
    decided_at            BIGINT NOT NULL DEFAULT 0,
    created_by            BIGINT NOT NULL DEFAULT 0,
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    CHECK ((status IN ('scheduled', 'decided')) = (meeting_id IS NOT NULL)),
    CHECK ((status = 'decided') = (outcome <> '')),
    CHECK (status <> 'decided' OR decision <> ''),
    CHECK ((status = 'declined') = (decline_reason <> '')),
    CHECK (votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0)
);
CREATE INDEX deliberation_topics_community ON deliberation_topics(community_code, status, created_at);
CREATE INDEX deliberation_topics_meeting ON deliberation_topics(meeting_id);
CREATE UNIQUE INDEX deliberation_topics_order ON deliberation_topics(order_number) WHERE order_number IS NOT NULL;

-- 落实任务: who carries out an adopted decision, by when, and what came of it.
CREATE TABLE deliberation_tasks (
    id         INTEGER PRIMARY KEY,
    topic_id   INTEGER NOT NULL REFERENCES deliberation_topics(id),
    title      TEXT NOT NULL,
    owner      TEXT NOT NULL,
    due_at     BIGINT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('open', 'done')),
    result     TEXT NOT NULL DEFAULT '',
    done_at    BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK ((status = 'done') = (result <> '' AND done_at <> 0))
);
CREATE INDEX deliberation_tasks_topic ON deliberation_tasks(topic_id);

-- +goose Down
DROP TABLE deliberation_tasks;
DROP TABLE deliberation_topics;
DROP TABLE deliberation_participants;
DROP TABLE deliberation_meetings;
