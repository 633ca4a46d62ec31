-- +goose Up
-- Deadline sweeper (internal/sweep). Times are BIGINT Unix ms, 0 = never.
--
-- The *_for columns hold the due time a warning or overdue mark was given
-- for: a mark counts while it equals the current due time, so a deadline
-- that moves (reopen, extension) re-arms its warning and overdue mark
-- without the code that moved it knowing about the sweeper.
ALTER TABLE orders ADD COLUMN reply_warned_for BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN reply_overdue_for BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN resolve_warned_for BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN resolve_overdue_for BIGINT NOT NULL DEFAULT 0;
-- When the sweeper next escalates an order whose resolution is overdue
-- (per its policy's ladder); 0 = nothing pending.
ALTER TABLE orders ADD COLUMN escalate_at BIGINT NOT NULL DEFAULT 0;
-- When the sweeper flagged the order for supervision (督办) because it was
-- overdue at a department or the centre; 0 = not flagged. Read by the
-- supervision package; a later overdue deadline flags it again (new time).
ALTER TABLE orders ADD COLUMN supervision_flagged_at BIGINT NOT NULL DEFAULT 0;

-- One partial index per sweeper step, holding only the open orders that
-- still await that step, so a tick is a few short index range scans
-- however many orders are open. The predicates are repeated word for word
-- in internal/sweep (SQLite uses a partial index only when each term of
-- its WHERE appears in the query).
CREATE INDEX orders_sweep_reply_warning ON orders(reply_due_at)
    WHERE status IN ('new','pending','dispatched','processing') AND replied_at = 0 AND reply_warned_for <> reply_due_at;
CREATE INDEX orders_sweep_reply_overdue ON orders(reply_due_at)
    WHERE status IN ('new','pending','dispatched','processing') AND replied_at = 0 AND reply_overdue_for <> reply_due_at;
CREATE INDEX orders_sweep_resolve_warning ON orders(resolve_due_at)
    WHERE status IN ('new','pending','dispatched','processing') AND resolve_warned_for <> resolve_due_at;
CREATE INDEX orders_sweep_resolve_overdue ON orders(resolve_due_at)
    WHERE status IN ('new','pending','dispatched','processing') AND resolve_overdue_for <> resolve_due_at;
CREATE INDEX orders_sweep_escalate ON orders(escalate_at)
    WHERE status IN ('new','pending','dispatched','processing') AND escalate_at > 0 AND resolve_overdue_for = resolve_due_at;
CREATE INDEX orders_supervision_flagged ON orders(supervision_flagged_at) WHERE supervision_flagged_at > 0;

-- +goose Down
DROP INDEX orders_supervision_flagged;
DROP INDEX orders_sweep_escalate;
DROP INDEX orders_sweep_resolve_overdue;
DROP INDEX orders_sweep_resolve_warning;
DROP INDEX orders_sweep_reply_overdue;
DROP INDEX orders_sweep_reply_warning;
ALTER TABLE orders DROP COLUMN supervision_flagged_at;
ALTER TABLE orders DROP COLUMN escalate_at;
ALTER TABLE orders DROP COLUMN resolve_overdue_for;
ALTER TABLE orders DROP COLUMN resolve_warned_for;
ALTER TABLE orders DROP COLUMN reply_overdue_for;
ALTER TABLE orders DROP COLUMN reply_warned_for;
