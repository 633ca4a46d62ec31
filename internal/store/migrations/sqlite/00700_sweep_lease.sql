-- +goose Up
-- One leader per deadline-sweeper tick (internal/sweep, lease.go): a node
-- ticks only while it holds this lease, so two or three nodes starting
-- together do not fight over the same rows (each tick of the others
-- returns at once). expires_at (Unix ms) bounds how long a node that died
-- mid-tick keeps the others waiting; 0 means free.
CREATE TABLE sweep_leases (
    name       TEXT NOT NULL PRIMARY KEY,
    holder     TEXT NOT NULL DEFAULT '',
    expires_at BIGINT NOT NULL DEFAULT 0
);
INSERT INTO sweep_leases (name) VALUES ('deadline');

-- +goose Down
DROP TABLE sweep_leases;
