-- +goose Up
-- 关爱对象 and 重点人群 (care groups), their members, the grants that let a
-- role see members by name, and visits (走访). Membership is sensitive
-- personal information (PIPL art. 28): a member row keeps the person it
-- names sealed (person_sealed) and found by a keyed blind index
-- (person_blind), so the store shows how many members a grid has in a
-- group but not who. A visit's findings, point and photo are sealed too.
-- Times are BIGINT Unix ms.
CREATE TABLE care_groups (
    code           TEXT PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('care', 'special')),
    name_zh        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    frequency_days INTEGER NOT NULL CHECK (frequency_days BETWEEN 1 AND 366),
    sort           INTEGER NOT NULL,
    updated_at     BIGINT NOT NULL DEFAULT 0
);
INSERT INTO care_groups (code, kind, name_zh, name_en, frequency_days, sort) VALUES
    ('elder_alone', 'care', '独居老人', 'elders living alone', 7, 1),
    ('elder_empty', 'care', '空巢老人', 'empty-nest elders', 14, 2),
    ('elder_disabled', 'care', '失能老人', 'disabled elders', 7, 3),
    ('child_left', 'care', '留守儿童', 'left-behind children', 30, 4),
    ('child_plight', 'care', '困境儿童', 'children in difficulty', 14, 5),
    ('disabled', 'care', '残疾人', 'people with disabilities', 30, 6),
    ('dibao', 'care', '低保', 'minimum-living-allowance households', 30, 7),
    ('tekun', 'care', '特困', 'extreme-poverty support', 14, 8),
    ('youfu', 'care', '优抚对象', 'entitled groups (veterans)', 30, 9),
    ('correction', 'special', '社区矫正', 'community corrections', 7, 10),
    ('released', 'special', '刑满释放', 'released prisoners', 30, 11),
    ('drug', 'special', '吸毒人员', 'drug users', 30, 12),
    ('mental', 'special', '严重精神障碍患者', 'severe mental disorders', 14, 13);

-- Roles an admin allows to see a group's members by name (within their
-- own scope), beyond the person's community and grid staff.
CREATE TABLE care_grants (
    group_code TEXT NOT NULL REFERENCES care_groups(code),
    role       TEXT NOT NULL,
    granted_by BIGINT,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (group_code, role)
);

CREATE TABLE care_members (
    id             INTEGER PRIMARY KEY,
    group_code     TEXT NOT NULL REFERENCES care_groups(code),
    community_code TEXT NOT NULL REFERENCES regions(code),
    grid_code      TEXT NOT NULL REFERENCES grids(code),
    person_sealed  TEXT NOT NULL,
    person_blind   TEXT NOT NULL,
    note_sealed    TEXT NOT NULL DEFAULT '',
    enrolled_at    BIGINT NOT NULL,
    last_visit_at  BIGINT NOT NULL DEFAULT 0,
    ended_at       BIGINT NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1
);
-- A person is in a group once while enrolled.
CREATE UNIQUE INDEX care_members_person ON care_members(group_code, person_blind) WHERE ended_at = 0;
CREATE INDEX care_members_grid ON care_members(grid_code, group_code);

CREATE TABLE care_visits (
    id             INTEGER PRIMARY KEY,
    member_id      BIGINT NOT NULL REFERENCES care_members(id),
    group_code     TEXT NOT NULL REFERENCES care_groups(code),
    grid_code      TEXT NOT NULL REFERENCES grids(code),
    visitor_id     BIGINT NOT NULL REFERENCES users(id),
    visited_at     BIGINT NOT NULL,
    detail_sealed  TEXT NOT NULL,
    order_number   TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL
);
CREATE INDEX care_visits_member ON care_visits(member_id, visited_at);
CREATE INDEX care_visits_visitor ON care_visits(visitor_id, visited_at);
CREATE INDEX care_visits_grid ON care_visits(grid_code, visited_at);

-- A visit's photo (EXIF stripped), sealed like the findings.
CREATE TABLE care_visit_photos (
    visit_id     BIGINT PRIMARY KEY REFERENCES care_visits(id),
    content_type TEXT NOT NULL,
    photo_sealed TEXT NOT NULL
);

-- +goose Down
DROP TABLE care_visit_photos;
DROP TABLE care_visits;
DROP TABLE care_members;
DROP TABLE care_grants;
DROP TABLE care_groups;
