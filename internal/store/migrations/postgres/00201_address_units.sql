-- +goose Up
-- Retiring a unit and checking a unit's addresses look them up by unit.
CREATE INDEX addresses_unit ON addresses(unit_code);

-- +goose Down
DROP INDEX addresses_unit;
