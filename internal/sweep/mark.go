package sweep

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// openOrder is the term every sweeper step starts with. The predicates
// below are the partial indexes' WHERE clauses of migration 00080, word
// for word: keep them in step (TestStepsUseTheirIndexes checks).
const openOrder = `status IN ('new','pending','dispatched','processing')`

const (
	awaitingReplyWarning   = openOrder + ` AND replied_at = 0 AND reply_warned_for <> reply_due_at`
	awaitingReplyOverdue   = openOrder + ` AND replied_at = 0 AND reply_overdue_for <> reply_due_at`
	awaitingResolveWarning = openOrder + ` AND resolve_warned_for <> resolve_due_at`
	awaitingResolveOverdue = openOrder + ` AND resolve_overdue_for <> resolve_due_at`
	awaitingEscalation     = openOrder + ` AND escalate_at > 0 AND resolve_overdue_for = resolve_due_at`
)

// mark is a step that records something about a deadline on the order
// (a warning or an overdue mark) without moving it.
type mark struct {
	action   order.Action
	index    string // the partial index of rows awaiting it
	due      string // the deadline column
	awaiting string // rows that still await the step
	claim    string // the SET clause that records it
	warning  bool   // due within the lead time, else passed
	note     string
	// armsEscalation: the claim sets escalate_at to now (one parameter).
	armsEscalation bool
}

var (
	replyWarning = mark{ActionReplyWarning, "orders_sweep_reply_warning", "reply_due_at", awaitingReplyWarning,
		"reply_warned_for = reply_due_at", true, "暂时性答复即将到期 the provisional reply is due soon", false}
	replyOverdue = mark{ActionReplyOverdue, "orders_sweep_reply_overdue", "reply_due_at", awaitingReplyOverdue,
		"reply_overdue_for = reply_due_at", false, "暂时性答复已超期 the provisional reply is overdue", false}
	resolveWarning = mark{ActionResolveWarning, "orders_sweep_resolve_warning", "resolve_due_at", awaitingResolveWarning,
		"resolve_warned_for = resolve_due_at", true, "办理即将到期 the resolution is due soon", false}
	// An overdue resolution also arms the escalation, at once: the
	// escalation step applies the ladder and the grace.
	resolveOverdue = mark{ActionResolveOverdue, "orders_sweep_resolve_overdue", "resolve_due_at", awaitingResolveOverdue,
		"resolve_overdue_for = resolve_due_at, escalate_at = ?", false, "办理已超期 the resolution is overdue", true}
)

// markAll runs m in batches until no row awaits it.
func (s *Sweeper) markAll(ctx context.Context, l *lease, m mark, lead time.Duration, now time.Time) (int, error) {
	if m.warning && lead < 0 {
		return 0, nil
	}
	total := 0
	for {
		n, err := s.markBatch(ctx, m, lead, now)
		total += n
		if err != nil || n < s.batch {
			return total, err
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
		if ok, err := l.keep(ctx); !ok {
			return total, err
		}
	}
}

// markBatch claims up to one batch of rows for m with one conditional
// UPDATE (the condition is checked again on each row it locks, and on
// PostgreSQL rows locked by another sweeper are skipped) and journals
// them, in one transaction.
func (s *Sweeper) markBatch(ctx context.Context, m mark, lead time.Duration, now time.Time) (int, error) {
	// Due within (lo, hi]: a warning for a deadline still ahead within the
	// lead, an overdue mark for one passed (due times are never 0).
	lo, hi := int64(0), store.Millis(now)
	if m.warning {
		lo, hi = store.Millis(now), store.Millis(now.Add(lead))
	}
	var args []any
	if m.armsEscalation {
		args = append(args, store.Millis(now))
	}
	args = append(args, lo, hi, s.batch, lo, hi)
	query := m.query(s.clauses)
	n := 0
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("sweep: claim %s: %w", m.action, err)
		}
		var entries []entry
		for rows.Next() {
			e := entry{action: m.action, note: m.note}
			var due int64
			if err := rows.Scan(&e.orderID, &e.number, &e.from, &e.level, &e.handler, &e.version, &due); err != nil {
				rows.Close()
				return err
			}
			e.to, e.due = e.from, store.Time(due)
			e.data = map[string]any{"due_at": e.due.Format(time.RFC3339)}
			entries = append(entries, e)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		n = len(entries)
		return journal(ctx, tx, entries, now)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// query is the claim: parameters [now for the claim,] lo, hi, limit, lo, hi.
func (m mark) query(c clauses) string {
	return `UPDATE orders` + c.byRowid + ` SET ` + m.claim + ` WHERE id IN (SELECT id FROM orders` + c.indexed(m.index) +
		` WHERE ` + m.awaiting + ` AND ` + m.due + ` > ? AND ` + m.due + ` <= ? ORDER BY ` + m.due + ` LIMIT ?` + c.skipLocked + `)
		AND ` + m.awaiting + ` AND ` + m.due + ` > ? AND ` + m.due + ` <= ?
		RETURNING id, number, status, handler_level, handler_code, version, ` + m.due
}
