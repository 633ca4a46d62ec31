package order

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// Kinds and states of a deadline request (延期/挂起申请).
const (
	RequestExtension  = "extension"
	RequestSuspension = "suspension"

	RequestPending  = "pending"
	RequestApproved = "approved"
	RequestRejected = "rejected"
	// RequestLapsed: the order moved to another handler, who asked anew.
	RequestLapsed = "lapsed"
)

// DeadlineRequest is a handler's request to extend the resolution deadline
// by WorkingDays (延期) or to suspend the order (挂起), and its decision.
// For an approved suspension SuspendedAt is the approval and ResumedAt
// the end (zero while suspended). DueBefore and DueAfter are the
// resolution deadline around the change: at an extension's approval, at
// a suspension's resume.
type DeadlineRequest struct {
	ID            int64
	Kind          string
	Status        string
	WorkingDays   int
	Reason        string
	Level         string // the handler who asked
	Handler       string
	RequestedBy   string
	RequestedAt   time.Time
	DecidedBy     string
	DecidedAt     time.Time
	DecisionNote  string
	ResumedBy     string
	ResumedAt     time.Time
	DueBefore     time.Time
	DueAfter      time.Time
	requestedByID int64
}

// Adjustments is what the lifecycle keeps beside an order's main record:
// its approved extensions (counted for 延期率), the start of the current
// suspension, the master it was merged into, the duplicates merged into
// it, and every extension and suspension request, oldest first.
type Adjustments struct {
	Extensions  int
	SuspendedAt time.Time // zero unless suspended
	MergedInto  string    // master's number; "" unless merged
	Duplicates  []string  // numbers merged into this order
	Requests    []DeadlineRequest
}

// Adjustments returns the adjustments of an order a may see.
func (s *Service) Adjustments(ctx context.Context, a Actor, number string) (Adjustments, error) {
	o, err := s.loadReadable(ctx, s.db, a, number)
	if err != nil {
		return Adjustments{}, err
	}
	var adj Adjustments
	var suspended, mergedInto int64
	if err := s.db.QueryRowContext(ctx, `SELECT extensions, suspended_at, merged_into FROM orders WHERE id = ?`, o.ID).
		Scan(&adj.Extensions, &suspended, &mergedInto); err != nil {
		return Adjustments{}, fmt.Errorf("order: adjustments: %w", err)
	}
	adj.SuspendedAt = store.Time(suspended)
	if mergedInto != 0 {
		if err := s.db.QueryRowContext(ctx, `SELECT number FROM orders WHERE id = ?`, mergedInto).Scan(&adj.MergedInto); err != nil {
			return Adjustments{}, fmt.Errorf("order: master: %w", err)
		}
	}
	if adj.Duplicates, err = strings1(ctx, s.db, `SELECT number FROM orders WHERE merged_into = ? ORDER BY number`, o.ID); err != nil {
		return Adjustments{}, err
	}
	if adj.Requests, err = deadlineRequests(ctx, s.db, `WHERE order_id = ? ORDER BY id`, o.ID); err != nil {
		return Adjustments{}, err
	}
	return adj, nil
}

const requestColumns = `id, kind, status, working_days, reason, handler_level, handler_code, COALESCE(requested_by, 0),
	requested_by_name, requested_at, decided_by_name, decided_at, decision_note, resumed_by_name, resumed_at, due_before, due_after`

func deadlineRequests(ctx context.Context, q store.Querier, where string, args ...any) ([]DeadlineRequest, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+requestColumns+` FROM order_deadline_requests `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("order: deadline requests: %w", err)
	}
	defer rows.Close()
	out := []DeadlineRequest{}
	for rows.Next() {
		var r DeadlineRequest
		var t [6]int64
		if err := rows.Scan(&r.ID, &r.Kind, &r.Status, &r.WorkingDays, &r.Reason, &r.Level, &r.Handler, &r.requestedByID,
			&r.RequestedBy, &t[0], &r.DecidedBy, &t[1], &r.DecisionNote, &r.ResumedBy, &t[2], &t[3], &t[4]); err != nil {
			return nil, err
		}
		r.RequestedAt, r.DecidedAt, r.ResumedAt = store.Time(t[0]), store.Time(t[1]), store.Time(t[2])
		r.DueBefore, r.DueAfter = store.Time(t[3]), store.Time(t[4])
		out = append(out, r)
	}
	return out, rows.Err()
}

// pendingRequest is the request waiting on the order, or nil.
func pendingRequest(ctx context.Context, q store.Querier, orderID int64) (*DeadlineRequest, error) {
	rs, err := deadlineRequests(ctx, q, `WHERE order_id = ? AND status = 'pending'`, orderID)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return &rs[0], nil
}

// fileRequest records a handler's request. A request of the same handler
// still waiting is refused; one left by a previous handler lapses (the
// order moved on without a decision).
func fileRequest(ctx context.Context, tx *store.Tx, a Actor, o *Order, kind string, days int, reason string, now time.Time) (int64, error) {
	if !now.Before(o.ResolveDueAt) {
		return 0, refuse("the resolution deadline %s has passed; a request must come before it",
			o.ResolveDueAt.Format(time.RFC3339))
	}
	p, err := pendingRequest(ctx, tx, o.ID)
	if err != nil {
		return 0, err
	}
	if p != nil && p.Level == o.Level && p.Handler == o.HandlerCode {
		return 0, refuse("a %s request (#%d) is already waiting for a decision", p.Kind, p.ID)
	}
	if err := lapseRequests(ctx, tx, o.ID); err != nil {
		return 0, err
	}
	return insertReturningID(ctx, tx, `INSERT INTO order_deadline_requests (order_id, kind, status, working_days, reason,
		handler_level, handler_code, requested_by, requested_by_name, requested_at) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, kind, days, reason, o.Level, o.HandlerCode, nullID(a.UserID), a.Name, store.Millis(now))
}

// lapseRequests marks a waiting request of the order lapsed.
func lapseRequests(ctx context.Context, tx *store.Tx, orderID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE order_deadline_requests SET status = 'lapsed' WHERE order_id = ? AND status = 'pending'`, orderID)
	return err
}

// waitingRequest is the pending request of kind on o, for a decision.
// When approve is set it must come from o's current handler: a request
// left by a handler the order has since moved from can only be rejected.
func waitingRequest(ctx context.Context, tx *store.Tx, o *Order, kind string, approve bool) (*DeadlineRequest, error) {
	p, err := pendingRequest(ctx, tx, o.ID)
	if err != nil {
		return nil, err
	}
	if p == nil || p.Kind != kind {
		return nil, refuse("no %s request is waiting", kind)
	}
	if approve && (p.Level != o.Level || p.Handler != o.HandlerCode) {
		return nil, refuse("the request came from %s %s but the order is now with %s %s; reject it",
			p.Level, p.Handler, o.Level, o.HandlerCode)
	}
	return p, nil
}

// decide records the decision on request id.
func decide(ctx context.Context, tx *store.Tx, a Actor, id int64, status, note string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE order_deadline_requests SET status = ?, decided_by = ?, decided_by_name = ?,
		decided_at = ?, decision_note = ? WHERE id = ? AND status = 'pending'`,
		status, nullID(a.UserID), a.Name, store.Millis(now), note, id)
	return err
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// insertReturningID runs an INSERT and returns the new row's id, on both
// stores (RETURNING is in SQLite since 3.35 and in PostgreSQL).
func insertReturningID(ctx context.Context, tx *store.Tx, query string, args ...any) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, query+` RETURNING id`, args...).Scan(&id); err != nil {
		return 0, fmt.Errorf("order: insert: %w", err)
	}
	return id, nil
}

// strings1 reads a one-column list of strings.
func strings1(ctx context.Context, q store.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("order: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
