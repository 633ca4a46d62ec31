package order

import (
	"context"
	"time"

	"civicgrid/internal/store"
)

// Extension (延期): the handler asks for more working days before the
// deadline passes; a dispatcher or supervisor approves or rejects. An
// approval moves the resolution deadline and counts on the order
// (orders.extensions, for 延期率).
//
// The rule: N working days of extension end at 24:00 of the N-th working
// day after the day the current deadline falls on, where a deadline at
// 24:00 falls on the day it ends (00:00 of the next day belongs to the day
// before). So a deadline of Thursday 24:00 extended by 1 becomes Friday
// 24:00, and one of 30 September 24:00 extended by 3 crosses the National
// Day holiday to the make-up Saturday 10 October, 24:00.

// RequestExtension (延期申请) asks for workingDays more working days, with
// a reason. Only the handler may, while handling and before the deadline.
func (s *Service) RequestExtension(ctx context.Context, a Actor, number string, version int, workingDays int, reason string) (Order, error) {
	if workingDays < 1 || workingDays > s.policy.MaxExtensionDays {
		return Order{}, invalid("working_days", "must be a whole number from 1 to %d, got %d", s.policy.MaxExtensionDays, workingDays)
	}
	reason, err := cleanNote("reason", reason, true)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionExtensionRequest, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		id, err := fileRequest(ctx, tx, a, o, RequestExtension, workingDays, reason, st.now)
		if err != nil {
			return err
		}
		st.note = reason
		st.data = map[string]any{"request": id, "working_days": workingDays, "due_at": rfc3339(o.ResolveDueAt)}
		return nil
	})
}

// ApproveExtension (延期批准) grants the waiting extension request.
func (s *Service) ApproveExtension(ctx context.Context, a Actor, number string, version int, note string) (Order, error) {
	note, err := cleanNote("note", note, false)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionExtensionApprove, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		r, err := waitingRequest(ctx, tx, o, RequestExtension, true)
		if err != nil {
			return err
		}
		before := o.ResolveDueAt
		o.ResolveDueAt = s.extendDue(before, r.WorkingDays)
		if err := decide(ctx, tx, a, r.ID, RequestApproved, note, st.now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE order_deadline_requests SET due_before = ?, due_after = ? WHERE id = ?`,
			store.Millis(before), store.Millis(o.ResolveDueAt), r.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET extensions = extensions + 1 WHERE id = ?`, o.ID); err != nil {
			return err
		}
		st.note = note
		st.data = map[string]any{"request": r.ID, "working_days": r.WorkingDays,
			"due_before": rfc3339(before), "due_after": rfc3339(o.ResolveDueAt)}
		return nil
	})
}

// RejectExtension (延期驳回) refuses the waiting extension request, with a
// reason; the deadline stays.
func (s *Service) RejectExtension(ctx context.Context, a Actor, number string, version int, reason string) (Order, error) {
	return s.rejectRequest(ctx, a, number, version, ActionExtensionReject, RequestExtension, reason)
}

func (s *Service) rejectRequest(ctx context.Context, a Actor, number string, version int, action Action, kind, reason string) (Order, error) {
	reason, err := cleanNote("reason", reason, true)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, action, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		r, err := waitingRequest(ctx, tx, o, kind, false)
		if err != nil {
			return err
		}
		st.note = reason
		st.data = map[string]any{"request": r.ID}
		return decide(ctx, tx, a, r.ID, RequestRejected, reason, st.now)
	})
}

// extendDue is due moved by n working days (see the rule above): the
// calendar counts from the day due falls on, which for a deadline at
// 24:00 is the day before the instant's date.
func (s *Service) extendDue(due time.Time, n int) time.Time {
	return s.clock.AddWorkingDays(due.Add(-time.Millisecond), n)
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
