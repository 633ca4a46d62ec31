-- +goose Up
-- A member's own link (党员服务页): a random token shown once to the member,
-- stored only as its blind index, so a copy of the database opens nothing.
-- One link per member; a new one replaces the old.
CREATE TABLE party_member_links (
    member_id   BIGINT NOT NULL PRIMARY KEY REFERENCES party_members(id),
    token_blind TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

-- +goose Down
DROP TABLE party_member_links;
