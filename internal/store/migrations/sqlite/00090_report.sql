-- +goose Up
-- Measures (internal/report). Times are BIGINT Unix ms.

-- Indexes for finding what the rollup must recompute: orders changed
-- since the last refresh (every change to a column the measures read
-- bumps updated_at) and orders whose provisional reply falls due
-- unanswered; and for counting a district's (or street's) and a
-- community's (or grid's) orders by time of receipt, which is also how a
-- refresh recomputes one district on one day.
CREATE INDEX orders_updated ON orders(updated_at);
CREATE INDEX orders_report_unreplied ON orders(reply_due_at) WHERE replied_at = 0;
CREATE INDEX orders_report_district ON orders(district_code, received_at);
CREATE INDEX orders_report_community ON orders(community_code, received_at);

-- Daily rollups: the counters of internal/report (counts.go) summed over
-- the orders received on one local day (day = days since 1970-01-01 in
-- the report zone) at one node of the region tree: a district, a street
-- or (totals only) a community. A refresh recomputes all the rows of a
-- district on a day at once, so a row is always the exact sum of its
-- orders as of report_rollup_state.watermark.

-- All categories and handlers.
CREATE TABLE report_daily (
    grain            TEXT NOT NULL CHECK (grain IN ('district','street','community')),
    node_code        TEXT NOT NULL,
    day              BIGINT NOT NULL,
    received         BIGINT NOT NULL,
    cancelled        BIGINT NOT NULL,
    merged           BIGINT NOT NULL,
    patrol           BIGINT NOT NULL,
    reply_due        BIGINT NOT NULL,
    reply_on_time    BIGINT NOT NULL,
    resolved         BIGINT NOT NULL,
    resolve_due      BIGINT NOT NULL,
    resolved_on_time BIGINT NOT NULL,
    callback_due     BIGINT NOT NULL,
    called_back      BIGINT NOT NULL,
    rated            BIGINT NOT NULL,
    satisfied        BIGINT NOT NULL,
    basic            BIGINT NOT NULL,
    reworked         BIGINT NOT NULL,
    resolved_once    BIGINT NOT NULL,
    extended         BIGINT NOT NULL,
    PRIMARY KEY (grain, node_code, day)
);

-- One leaf category (districts and streets).
CREATE TABLE report_daily_category (
    grain            TEXT NOT NULL CHECK (grain IN ('district','street')),
    node_code        TEXT NOT NULL,
    category_code    TEXT NOT NULL,
    day              BIGINT NOT NULL,
    received         BIGINT NOT NULL,
    cancelled        BIGINT NOT NULL,
    merged           BIGINT NOT NULL,
    patrol           BIGINT NOT NULL,
    reply_due        BIGINT NOT NULL,
    reply_on_time    BIGINT NOT NULL,
    resolved         BIGINT NOT NULL,
    resolve_due      BIGINT NOT NULL,
    resolved_on_time BIGINT NOT NULL,
    callback_due     BIGINT NOT NULL,
    called_back      BIGINT NOT NULL,
    rated            BIGINT NOT NULL,
    satisfied        BIGINT NOT NULL,
    basic            BIGINT NOT NULL,
    reworked         BIGINT NOT NULL,
    resolved_once    BIGINT NOT NULL,
    extended         BIGINT NOT NULL,
    PRIMARY KEY (grain, category_code, node_code, day)
);

-- Orders led by one department (handler_level = 'department'; districts
-- and streets).
CREATE TABLE report_daily_department (
    grain            TEXT NOT NULL CHECK (grain IN ('district','street')),
    node_code        TEXT NOT NULL,
    department_code  TEXT NOT NULL,
    day              BIGINT NOT NULL,
    received         BIGINT NOT NULL,
    cancelled        BIGINT NOT NULL,
    merged           BIGINT NOT NULL,
    patrol           BIGINT NOT NULL,
    reply_due        BIGINT NOT NULL,
    reply_on_time    BIGINT NOT NULL,
    resolved         BIGINT NOT NULL,
    resolve_due      BIGINT NOT NULL,
    resolved_on_time BIGINT NOT NULL,
    callback_due     BIGINT NOT NULL,
    called_back      BIGINT NOT NULL,
    rated            BIGINT NOT NULL,
    satisfied        BIGINT NOT NULL,
    basic            BIGINT NOT NULL,
    reworked         BIGINT NOT NULL,
    resolved_once    BIGINT NOT NULL,
    extended         BIGINT NOT NULL,
    PRIMARY KEY (grain, node_code, department_code, day)
);
CREATE INDEX report_daily_department_by_department ON report_daily_department(grain, department_code, node_code, day);
-- A refresh replaces the rows of one district on one day.
CREATE INDEX report_daily_day ON report_daily(day, node_code);
CREATE INDEX report_daily_category_day ON report_daily_category(day, node_code);
CREATE INDEX report_daily_department_day ON report_daily_department(day, node_code);

-- One row: how far the rollup is built. watermark is the time the rows
-- are exact for (0 = not built: measures are computed directly);
-- zone_offset the seconds east of UTC the days were cut with; a rebuild
-- holds the lease so two nodes never rebuild at once.
CREATE TABLE report_rollup_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    watermark    BIGINT NOT NULL DEFAULT 0,
    zone_offset  BIGINT NOT NULL DEFAULT 0,
    refreshed_at BIGINT NOT NULL DEFAULT 0,
    lease_token  TEXT NOT NULL DEFAULT '',
    lease_until  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO report_rollup_state (id) VALUES (1);

-- +goose Down
DROP TABLE report_rollup_state;
DROP TABLE report_daily_department;
DROP TABLE report_daily_category;
DROP TABLE report_daily;
DROP INDEX orders_report_community;
DROP INDEX orders_report_district;
DROP INDEX orders_report_unreplied;
DROP INDEX orders_updated;
