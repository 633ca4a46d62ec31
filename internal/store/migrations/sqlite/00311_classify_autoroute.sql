-- +goose Up
-- Automatic routing per category: an order filed without a category takes
-- the learned model's suggestion when it is this category with a score at
-- or above the threshold; every other suggestion waits for a person.
CREATE TABLE classify_autoroute (
    category_code  TEXT PRIMARY KEY REFERENCES categories(code),
    threshold      DOUBLE PRECISION NOT NULL CHECK (threshold >= 0.5 AND threshold < 1),
    updated_by     BIGINT REFERENCES users(id),
    updated_at     BIGINT NOT NULL
);

-- +goose Down
DROP TABLE classify_autoroute;
