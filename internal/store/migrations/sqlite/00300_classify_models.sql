-- +goose Up
-- Text classifiers learned from the store's own orders (internal/classify):
-- every training writes a new version; readers use the newest of a target
-- ("category"). The model is the encoded classifier; orders and classes
-- say what it was trained on. Times are BIGINT Unix ms.
CREATE TABLE classify_models (
    id          INTEGER PRIMARY KEY,
    target      TEXT NOT NULL,
    version     INTEGER NOT NULL,
    trained_at  BIGINT NOT NULL,
    orders      INTEGER NOT NULL,
    classes     INTEGER NOT NULL,
    train_ms    BIGINT NOT NULL,
    model       BLOB NOT NULL
);
CREATE UNIQUE INDEX classify_models_version ON classify_models(target, version);

-- +goose Down
DROP TABLE classify_models;
