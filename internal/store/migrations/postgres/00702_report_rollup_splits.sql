-- +goose Up
-- Every filter of the measures (internal/report, rollup_read.go) is
-- answered from the rollup on a district, street or community: the
-- category and department splits gain community rows (community
-- measures and rankings of a street's communities filtered by category
-- or department), and a new table splits by category and department at
-- once (a department's orders of a category, the ranking of departments
-- filtered by category). The rollup is derived data: the tables are made
-- anew and the next refresh rebuilds them (watermark 0; until then the
-- measures are counted from the orders table).
DROP TABLE report_daily_category;
DROP TABLE report_daily_department;

CREATE TABLE report_daily_category (
    grain            TEXT NOT NULL CHECK (grain IN ('district','street','community')),
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
CREATE INDEX report_daily_category_day ON report_daily_category(day, node_code);

CREATE TABLE report_daily_department (
    grain            TEXT NOT NULL CHECK (grain IN ('district','street','community')),
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
CREATE INDEX report_daily_department_day ON report_daily_department(day, node_code);

-- Orders of one leaf category led or co-handled (协办) by one department.
-- Rankings of departments read it by node (the primary key), a
-- department's figures by department (the second index).
CREATE TABLE report_daily_category_department (
    grain            TEXT NOT NULL CHECK (grain IN ('district','street','community')),
    node_code        TEXT NOT NULL,
    category_code    TEXT NOT NULL,
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
    PRIMARY KEY (grain, node_code, category_code, department_code, day)
);
CREATE INDEX report_daily_category_department_by_department
    ON report_daily_category_department(grain, department_code, category_code, node_code, day);
CREATE INDEX report_daily_category_department_day ON report_daily_category_department(day, node_code);

UPDATE report_rollup_state SET watermark = 0 WHERE id = 1;

-- +goose Down
DROP TABLE report_daily_category_department;
DROP TABLE report_daily_category;
DROP TABLE report_daily_department;

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
CREATE INDEX report_daily_category_day ON report_daily_category(day, node_code);

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
CREATE INDEX report_daily_department_day ON report_daily_department(day, node_code);

UPDATE report_rollup_state SET watermark = 0 WHERE id = 1;
