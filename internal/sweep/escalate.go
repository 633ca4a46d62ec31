package sweep

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// candidate is an open order whose escalation is due.
type candidate struct {
	id           int64
	number       string
	status       order.Status
	level        string
	handler      string
	street       string
	dispatchedAt int64
	version      int
	escalateAt   int64
	resolveDue   int64
}

// outcome is what the ladder decided for a candidate: the SET clause
// (and its parameters) that carries it out, and the event, if any.
type outcome struct {
	set   string
	args  []any
	event *entry
	count *int // the Report counter it adds to
	// kind and x are the same outcome for PostgreSQL's batched UPDATE
	// (escalate_batch.go): outcomes of one kind share their SET clause
	// but for x, the one value that differs from row to row.
	kind outcomeKind
	x    any
}

// escalateAll applies the ladder to every order whose escalation is due.
func (s *Sweeper) escalateAll(ctx context.Context, l *lease, now time.Time, r *Report) error {
	for {
		seen, done, err := s.escalateBatch(ctx, now, r)
		if err != nil || seen < s.batch || done == 0 {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if ok, err := l.keep(ctx); !ok {
			return err
		}
	}
}

// escalateBatch reads up to one batch of due escalations with their rows
// locked (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's transaction holds
// the write lock) and carries each out with a conditional UPDATE guarded
// by the version and the escalation time read, in one transaction.
func (s *Sweeper) escalateBatch(ctx context.Context, now time.Time, r *Report) (seen, done int, err error) {
	var counts Report
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		counts, seen, done = Report{}, 0, 0
		cands, err := s.dueEscalations(ctx, tx, now)
		if err != nil {
			return err
		}
		seen = len(cands)
		if s.db.Dialect() == store.Postgres {
			outs := make([]outcome, len(cands))
			for i, c := range cands {
				outs[i] = s.decide(c, now, &Report{}) // counted below, for the rows updated
			}
			entries, d, err := s.escalateBatched(ctx, tx, cands, outs, &counts)
			if err != nil {
				return err
			}
			done = d
			return journal(ctx, tx, entries, now)
		}
		var entries []entry
		for _, c := range cands {
			o := s.decide(c, now, &counts)
			res, err := tx.ExecContext(ctx, escalateQuery(s.clauses, o.set), append(o.args, c.id, c.version, c.escalateAt)...)
			if err != nil {
				return fmt.Errorf("sweep: escalate %s: %w", c.number, err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				continue // changed since it was read: the next tick looks again
			}
			done++
			*o.count++
			if o.event != nil {
				entries = append(entries, *o.event)
			}
		}
		return journal(ctx, tx, entries, now)
	})
	if err == nil {
		r.Escalated += counts.Escalated
		r.Flagged += counts.Flagged
		r.Postponed += counts.Postponed
		r.Stayed += counts.Stayed
	}
	return seen, done, err
}

func (s *Sweeper) dueEscalations(ctx context.Context, tx *store.Tx, now time.Time) ([]candidate, error) {
	rows, err := tx.QueryContext(ctx, dueEscalationsQuery(s.clauses), store.Millis(now), s.batch)
	if err != nil {
		return nil, fmt.Errorf("sweep: due escalations: %w", err)
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.id, &c.number, &c.status, &c.level, &c.handler, &c.street, &c.dispatchedAt,
			&c.version, &c.escalateAt, &c.resolveDue); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// dueEscalationsQuery: parameters now, limit.
func dueEscalationsQuery(c clauses) string {
	return `SELECT id, number, status, handler_level, handler_code, street_code, dispatched_at, version,
		escalate_at, resolve_due_at
		FROM orders` + c.indexed("orders_sweep_escalate") + ` WHERE ` + awaitingEscalation +
		` AND escalate_at <= ? ORDER BY escalate_at LIMIT ?` + c.skipLocked
}

// escalateQuery carries out one outcome: parameters the outcome's, then
// id, version, escalate_at as read. The row is found by its primary key:
// the version (bumped by every change of the order, its deadline
// included) and the escalation time stand for the rest of the
// condition, which is not repeated because PostgreSQL, with statistics
// from before the overdue marks, would then search the escalation index
// (where every order marked in one tick shares escalate_at) instead.
func escalateQuery(c clauses, set string) string {
	return `UPDATE orders` + c.byRowid + ` SET ` + set + `
		WHERE id = ? AND version = ? AND escalate_at = ? AND ` + openOrder
}

// decide applies the policy's ladder to c.
func (s *Sweeper) decide(c candidate, now time.Time, r *Report) outcome {
	step := s.policy.step(c.level)
	at, grace := store.Millis(now), s.policy.Grace.Milliseconds()
	if step == Stay {
		return outcome{set: "escalate_at = 0", count: &r.Stayed, kind: kindStay}
	}
	// A person handed the order to this handler recently: give them the
	// grace before it climbs.
	if c.dispatchedAt > at-grace {
		return outcome{set: "escalate_at = ?", args: []any{c.dispatchedAt + grace}, count: &r.Postponed,
			kind: kindPostpone, x: c.dispatchedAt + grace}
	}
	e := &entry{orderID: c.id, number: c.number, level: c.level, handler: c.handler, version: c.version,
		from: c.status, to: c.status, due: store.Time(c.resolveDue)}
	e.data = map[string]any{"auto": true, "resolve_due_at": e.due.Format(time.RFC3339),
		"from_level": c.level, "from_handler": c.handler}
	switch step {
	case ToSupervision:
		e.action = ActionSupervisionFlag
		e.note = "超期转督办 overdue: flagged for supervision"
		return outcome{set: "supervision_flagged_at = ?, escalate_at = 0", args: []any{at}, event: e, count: &r.Flagged,
			kind: kindFlag}
	case ToStreet:
		e.action, e.to = order.ActionEscalate, order.StatusDispatched
		e.level, e.handler, e.version = category.LevelStreet, c.street, c.version+1
		e.note = "超期自动上报街道 overdue: escalated to the street office"
		e.data["level"], e.data["handler"] = e.level, e.handler
		return outcome{set: `status = ?, handler_level = ?, handler_code = ?, dispatched_at = ?, signed_at = 0,
			escalations = escalations + 1, version = version + 1, updated_at = ?, escalate_at = ?`,
			args:  []any{string(e.to), e.level, e.handler, at, at, s.nextEscalation(e.level, now)},
			event: e, count: &r.Escalated, kind: kindStreet, x: e.handler}
	default: // ToCentre
		e.action, e.to = order.ActionEscalate, order.StatusPending
		e.level, e.handler, e.version = category.LevelCentre, "", c.version+1
		e.note = "超期自动上报指挥中心 overdue: escalated to the command centre"
		e.data["level"], e.data["handler"] = e.level, e.handler
		return outcome{set: `status = ?, handler_level = ?, handler_code = '', signed_at = 0,
			escalations = escalations + 1, version = version + 1, updated_at = ?, escalate_at = ?`,
			args:  []any{string(e.to), e.level, at, s.nextEscalation(e.level, now)},
			event: e, count: &r.Escalated, kind: kindCentre}
	}
}

// nextEscalation is when an order that just arrived at level climbs on,
// or 0 when the ladder ends there.
func (s *Sweeper) nextEscalation(level string, now time.Time) int64 {
	if s.policy.step(level) == Stay {
		return 0
	}
	return store.Millis(now.Add(s.policy.Grace))
}
