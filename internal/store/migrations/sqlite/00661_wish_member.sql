-- +goose Up
-- A 微心愿 claimed by a party member as themselves (internal/party): the
-- member is referenced, so the fulfilment credits their service hours.
ALTER TABLE wishes ADD COLUMN claimant_member_id BIGINT REFERENCES party_members(id);

-- +goose Down
ALTER TABLE wishes DROP COLUMN claimant_member_id;
