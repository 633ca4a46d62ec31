-- +goose Up
-- How each one-time 征询 code reaches its house (internal/consultation,
-- sent by internal/notice): by SMS through the outbox (topic
-- consultation.code) to an owner with a mobile phone in the people register,
-- or on a printed slip. The plain code waits here sealed (pii) only until
-- the SMS is sent, the code is used or replaced, or the consultation closes;
-- then code_sealed is blanked. The recipient is kept masked (138****5678).
CREATE TABLE consultation_code_delivery (
    code_id         INTEGER PRIMARY KEY REFERENCES consultation_codes(id),
    consultation_id INTEGER NOT NULL REFERENCES consultations(id),
    house_id        INTEGER NOT NULL REFERENCES houses(id),
    person_id       INTEGER,         -- the owner it goes to (people.id)
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'no_phone', 'opted_out', 'replaced')),
    code_sealed     TEXT NOT NULL DEFAULT '',
    recipient       TEXT NOT NULL DEFAULT '',
    provider        TEXT NOT NULL DEFAULT '',
    reference       TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    attempts        INTEGER NOT NULL DEFAULT 0,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX consultation_code_delivery_house ON consultation_code_delivery(consultation_id, house_id, code_id);

-- +goose Down
DROP TABLE consultation_code_delivery;
