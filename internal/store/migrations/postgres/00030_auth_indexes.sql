-- +goose Up
-- Indexes for the auth and audit queries: audit filters by action or actor
-- (newest first), token lists per user, user lists per department.
CREATE INDEX audit_log_action ON audit_log(action, at);
CREATE INDEX audit_log_actor ON audit_log(actor_id, at);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
CREATE INDEX users_department ON users(department_code);

-- +goose Down
DROP INDEX users_department;
DROP INDEX api_tokens_user;
DROP INDEX audit_log_actor;
DROP INDEX audit_log_action;
