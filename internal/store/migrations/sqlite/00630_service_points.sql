-- +goose Up
-- 四进社区 service points: 警务室、司法服务室、党群服务中心、便民服务站 of a
-- community, with address, office phone and opening hours, the staff on
-- duty (name, post, phone, duty time: published on purpose — the seeds'
-- "公开社区民警姓名、职务和联系方式"; these are officials in office, not
-- residents) and the services offered (社区便民服务事项清单).
CREATE TABLE service_points (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES regions(code),
    kind           TEXT NOT NULL CHECK (kind IN ('police', 'legal', 'partyhub', 'convenience')),
    name           TEXT NOT NULL,
    address        TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    hours          TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX service_points_name ON service_points(community_code, name);

CREATE TABLE service_point_staff (
    id       INTEGER PRIMARY KEY,
    point_id INTEGER NOT NULL REFERENCES service_points(id),
    name     TEXT NOT NULL,
    post     TEXT NOT NULL,
    phone    TEXT NOT NULL DEFAULT '',
    duty     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX service_point_staff_of ON service_point_staff(point_id);

CREATE TABLE service_point_items (
    id       INTEGER PRIMARY KEY,
    point_id INTEGER NOT NULL REFERENCES service_points(id),
    name     TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX service_point_items_of ON service_point_items(point_id);

-- +goose Down
DROP TABLE service_point_items;
DROP TABLE service_point_staff;
DROP TABLE service_points;
