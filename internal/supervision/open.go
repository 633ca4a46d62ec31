package supervision

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// Timeline actions of supervision on the order (outbox topic "order."
// plus the action).
const (
	ActionOpen   order.Action = "supervise"          // 督办
	ActionAnswer order.Action = "supervision_answer" // 督办反馈
	ActionClose  order.Action = "supervision_close"  // 督办办结
)

// OpenInput opens a case on the order Number, at the version the
// supervisor saw.
type OpenInput struct {
	Number       string
	OrderVersion int
	Reason       Reason
	Demand       string    // 督办要求; required
	DueAt        time.Time // when the handler must answer; in the future, within a year
}

const maxDue = 366 * 24 * time.Hour

// Open (督办) opens a case. Only a supervisor may, on an order in scope
// that is not cancelled or merged, that raises the reason given (any
// order for ReasonOther), and without another active case.
func (s *Service) Open(ctx context.Context, a order.Actor, in OpenInput) (Case, error) {
	if !MayOpen(a) {
		return Case{}, forbidden("only supervisors open supervision cases")
	}
	now := s.clockNow()
	demand, err := cleanText("demand", in.Demand, maxText, true)
	if err != nil {
		return Case{}, err
	}
	if !slices.Contains(append(Reasons(), ReasonOther), in.Reason) {
		return Case{}, invalid("reason", "%q: want overdue, returned, reopened, unsatisfied or other", in.Reason)
	}
	due := store.Time(store.Millis(in.DueAt))
	if !due.After(now) || due.Sub(now) > maxDue {
		return Case{}, invalid("due_at", "must be later than now and within a year")
	}
	var out Case
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := s.lookup(ctx, tx, a, in.Number)
		if err != nil {
			return err
		}
		if o.Version != in.OrderVersion {
			return fmt.Errorf("order %s at version %d (now %d): %w", o.Number, in.OrderVersion, o.Version, ErrStaleVersion)
		}
		if o.Status == order.StatusCancelled || o.Status == order.StatusMerged {
			return illegal("order %s is %s: nothing to supervise", o.Number, o.Status.Label())
		}
		if err := s.checkReason(o, in.Reason, now); err != nil {
			return err
		}
		location := o.GridCode
		if location == "" {
			location = o.CommunityCode
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO supervision_cases (order_id, order_number, location_code, handler_level,
			handler_code, reason, status, demand, due_at, opened_by, opened_by_name, opened_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?) RETURNING id`,
			o.ID, o.Number, location, o.Level, o.HandlerCode, string(in.Reason), demand, store.Millis(due),
			nullID(a.UserID), a.Name, store.Millis(now), store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			return illegal("order %s is under supervision already", o.Number)
		}
		if err != nil {
			return fmt.Errorf("supervision: open: %w", err)
		}
		out = Case{ID: id, Number: o.Number, Reason: in.Reason, Status: StatusOpen, Demand: demand, DueAt: due,
			Level: o.Level, Handler: o.HandlerCode, OpenedBy: a.Name, OpenedAt: now, Accountability: []Accountability{},
			Version: 1, UpdatedAt: now, orderID: o.ID}
		return s.journal(ctx, tx, a, &out, ActionOpen, "supervision.open", demand,
			map[string]any{"reason": string(in.Reason), "due_at": due.UTC().Format(time.RFC3339)}, now)
	})
	return out, err
}

// checkReason refuses a reason the order does not raise.
func (s *Service) checkReason(o order.Order, r Reason, now time.Time) error {
	ok := true
	switch r {
	case ReasonOverdue:
		ok = o.Status.Open() && o.ResolveDueAt.Before(now)
	case ReasonReturned:
		ok = o.Returns >= s.minReturns
	case ReasonReopened:
		ok = o.Reworks >= 1
	case ReasonUnsatisfied:
		ok = o.Rating == order.RatingUnsatisfied
	}
	if !ok {
		return invalid("reason", "order %s is not %s", o.Number, r)
	}
	return nil
}

// lookup reads the order as a may see it, in tx; out of scope is
// ErrNotFound (also order.ErrNotFound).
func (s *Service) lookup(ctx context.Context, tx *store.Tx, a order.Actor, number string) (order.Order, error) {
	o, err := s.orders.Lookup(ctx, tx, a, number)
	if errors.Is(err, order.ErrNotFound) {
		return order.Order{}, fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	return o, err
}

// journal writes a step on case c to the order's timeline (and outbox)
// and to the audit log.
func (s *Service) journal(ctx context.Context, tx *store.Tx, a order.Actor, c *Case, action order.Action, auditAction, note string,
	data map[string]any, now time.Time) error {
	data["case"] = c.ID
	if _, err := s.orders.AppendEvent(ctx, tx, a, c.Number, order.EventInput{Action: action, Note: note, Data: data}); err != nil {
		return err
	}
	return auditor(a).Record(ctx, tx, now, auditAction, fmt.Sprintf("supervision:%d", c.ID), "order "+c.Number+": "+note)
}
