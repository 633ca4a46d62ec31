-- +goose Up
-- A search by document number or phone looks up doc_blind alone (the
-- unique index leads with doc_type, so it cannot serve that).
CREATE INDEX people_doc_blind ON people(doc_blind);

-- +goose Down
DROP INDEX people_doc_blind;
