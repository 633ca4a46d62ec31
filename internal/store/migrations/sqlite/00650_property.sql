-- +goose Up
-- 物业 and 业委会 (internal/property): property-management companies of a
-- district, the compounds (小区) each serves under a contract, the owners'
-- committee (业主委员会) of a compound with its members (names sealed), and
-- the residents' orders about a compound's property management linked to
-- the company that served it when the order came in.
CREATE TABLE property_companies (
    id            INTEGER PRIMARY KEY,
    district_code TEXT NOT NULL REFERENCES regions(code),
    name          TEXT NOT NULL,
    credit_code   TEXT NOT NULL DEFAULT '',
    contact_name  TEXT NOT NULL DEFAULT '',   -- sealed
    contact_phone TEXT NOT NULL DEFAULT '',   -- sealed
    contact_mask  TEXT NOT NULL DEFAULT '',   -- 张* 138****5678
    created_at    BIGINT NOT NULL,
    UNIQUE (district_code, name)
);

CREATE TABLE property_contracts (
    id          INTEGER PRIMARY KEY,
    company_id  BIGINT NOT NULL REFERENCES property_companies(id),
    estate_id   BIGINT NOT NULL REFERENCES estates(id),
    starts_on   TEXT NOT NULL,                -- YYYY-MM-DD, China time, inclusive
    ends_on     TEXT NOT NULL,                -- inclusive
    created_at  BIGINT NOT NULL,
    CHECK (starts_on <= ends_on)
);
CREATE INDEX property_contracts_estate ON property_contracts(estate_id, starts_on);
CREATE INDEX property_contracts_company ON property_contracts(company_id);

CREATE TABLE owners_committees (
    id          INTEGER PRIMARY KEY,
    estate_id   BIGINT NOT NULL REFERENCES estates(id),
    filed_on    TEXT NOT NULL,                -- 备案 date
    term_start  TEXT NOT NULL,
    term_end    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    CHECK (term_start < term_end)
);
CREATE INDEX owners_committees_estate ON owners_committees(estate_id, term_start);

CREATE TABLE committee_members (
    id           INTEGER PRIMARY KEY,
    committee_id BIGINT NOT NULL REFERENCES owners_committees(id),
    name         TEXT NOT NULL,               -- sealed
    name_mask    TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('director','deputy','member')),
    seq          INTEGER NOT NULL
);
CREATE INDEX committee_members_committee ON committee_members(committee_id);

CREATE TABLE property_order_links (
    order_id   BIGINT PRIMARY KEY REFERENCES orders(id),
    company_id BIGINT NOT NULL REFERENCES property_companies(id),
    estate_id  BIGINT NOT NULL REFERENCES estates(id),
    how        TEXT NOT NULL CHECK (how IN ('auto','staff')),
    linked_at  BIGINT NOT NULL
);
CREATE INDEX property_order_links_company ON property_order_links(company_id);

-- +goose Down
DROP TABLE property_order_links;
DROP TABLE committee_members;
DROP TABLE owners_committees;
DROP TABLE property_contracts;
DROP TABLE property_companies;
