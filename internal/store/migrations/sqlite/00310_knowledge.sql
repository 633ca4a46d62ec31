-- +goose Up
-- 知识库: the answers the city has given to common questions, by issuing
-- department, valid from/to (ms, to exclusive; NULL is open), from a source
-- document. Published articles answer operators and the public FAQ;
-- proposed ones (a good answer an operator put forward) wait for the
-- issuing department's review. kb_uses records which article answered a
-- consultation (one per order).
CREATE TABLE kb_articles (
    id             INTEGER PRIMARY KEY,
    question       TEXT NOT NULL,
    answer         TEXT NOT NULL,
    category_code  TEXT REFERENCES categories(code),
    dept_code      TEXT REFERENCES departments(code),
    valid_from     BIGINT,
    valid_to       BIGINT,
    source         TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL CHECK (state IN ('published', 'proposed', 'rejected')),
    from_order     TEXT REFERENCES orders(number),
    proposed_by    BIGINT REFERENCES users(id),
    reviewed_by    BIGINT REFERENCES users(id),
    review_note    TEXT NOT NULL DEFAULT '',
    reviewed_at    BIGINT,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX kb_articles_state ON kb_articles(state, dept_code);

CREATE TABLE kb_uses (
    order_number   TEXT PRIMARY KEY REFERENCES orders(number),
    article_id     INTEGER NOT NULL REFERENCES kb_articles(id),
    used_by        BIGINT REFERENCES users(id),
    used_at        BIGINT NOT NULL
);
CREATE INDEX kb_uses_article ON kb_uses(article_id);

-- +goose Down
DROP TABLE kb_uses;
DROP TABLE kb_articles;
