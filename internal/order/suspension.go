package order

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// Suspension (挂起): the handler asks to stop the clock (the matter waits
// on something outside its hands: a court, the weather, the owner being
// away); a dispatcher or supervisor approves, and the order is suspended:
// no deadline runs, so the sweeper neither warns, marks nor escalates it.
// The handler or an approver resumes it, and the time the pause took is
// added to the resolution deadline:
//
//   - For a limit in working days, the deadline moves by the working days
//     the pause covered: those after the day of suspension up to and
//     including the day of resumption (a pause within one day adds
//     nothing; suspended Tuesday, resumed next Monday adds Wed, Thu, Fri
//     and Mon = 4), by the extension rule (see extension.go).
//   - For a limit in clock time (emergencies), the deadline moves by the
//     clock time of the pause.

// RequestSuspension (挂起申请) asks to suspend the order, with a reason.
// Only the handler may, after signing and before the deadline.
func (s *Service) RequestSuspension(ctx context.Context, a Actor, number string, version int, reason string) (Order, error) {
	reason, err := cleanNote("reason", reason, true)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionSuspensionRequest, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		id, err := fileRequest(ctx, tx, a, o, RequestSuspension, 0, reason, st.now)
		if err != nil {
			return err
		}
		st.note = reason
		st.data = map[string]any{"request": id}
		return nil
	})
}

// ApproveSuspension (挂起批准) suspends the order on the waiting request.
func (s *Service) ApproveSuspension(ctx context.Context, a Actor, number string, version int, note string) (Order, error) {
	note, err := cleanNote("note", note, false)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionSuspensionApprove, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		r, err := waitingRequest(ctx, tx, o, RequestSuspension, true)
		if err != nil {
			return err
		}
		if err := decide(ctx, tx, a, r.ID, RequestApproved, note, st.now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET suspended_at = ? WHERE id = ?`, store.Millis(st.now), o.ID); err != nil {
			return err
		}
		st.note = note
		st.data = map[string]any{"request": r.ID, "due_at": rfc3339(o.ResolveDueAt)}
		return nil
	})
}

// RejectSuspension (挂起驳回) refuses the waiting suspension request.
func (s *Service) RejectSuspension(ctx context.Context, a Actor, number string, version int, reason string) (Order, error) {
	return s.rejectRequest(ctx, a, number, version, ActionSuspensionReject, RequestSuspension, reason)
}

// Resume (恢复办理) ends a suspension: the order is processing again and
// its deadline moves by the pause (see above).
func (s *Service) Resume(ctx context.Context, a Actor, number string, version int, note string) (Order, error) {
	note, err := cleanNote("note", note, false)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionResume, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		var requestID, since int64
		if err := tx.QueryRowContext(ctx, `SELECT r.id, o.suspended_at FROM orders o JOIN order_deadline_requests r
			ON r.order_id = o.id AND r.kind = 'suspension' AND r.status = 'approved' AND r.resumed_at = 0
			WHERE o.id = ? ORDER BY r.id DESC LIMIT 1`, o.ID).Scan(&requestID, &since); err != nil {
			return fmt.Errorf("order %s: the suspension on record: %w", o.Number, err)
		}
		before := o.ResolveDueAt
		var added map[string]any
		o.ResolveDueAt, added = s.resumedDue(o, store.Time(since), st.now)
		if _, err := tx.ExecContext(ctx, `UPDATE order_deadline_requests SET resumed_by = ?, resumed_by_name = ?, resumed_at = ?,
			due_before = ?, due_after = ? WHERE id = ?`, nullID(a.UserID), a.Name, store.Millis(st.now),
			store.Millis(before), store.Millis(o.ResolveDueAt), requestID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET suspended_at = 0 WHERE id = ?`, o.ID); err != nil {
			return err
		}
		st.note = note
		st.data = map[string]any{"request": requestID, "suspended_at": rfc3339(store.Time(since)),
			"due_before": rfc3339(before), "due_after": rfc3339(o.ResolveDueAt)}
		for k, v := range added {
			st.data[k] = v
		}
		return nil
	})
}

// resumedDue is o's resolution deadline after a pause from since to now,
// and what was added, for the timeline.
func (s *Service) resumedDue(o *Order, since, now time.Time) (time.Time, map[string]any) {
	if o.Limits.ResolveWorkingDays > 0 {
		n := s.workingDaysPaused(since, now)
		if n == 0 {
			return o.ResolveDueAt, map[string]any{"working_days_added": 0}
		}
		return s.extendDue(o.ResolveDueAt, n), map[string]any{"working_days_added": n}
	}
	pause := now.Sub(since)
	if pause <= 0 {
		return o.ResolveDueAt, map[string]any{"minutes_added": 0}
	}
	return s.clock.AddDuration(o.ResolveDueAt, pause), map[string]any{"minutes_added": int64(pause / time.Minute)}
}

// workingDaysPaused counts the working days after the day of since up to
// and including the day of now, with the order's calendar: the n-th
// working day after since's day is inside when the calendar's deadline
// for n (its 24:00) is no later than 24:00 of now's day.
func (s *Service) workingDaysPaused(since, now time.Time) int {
	d := now.In(s.zone)
	endOfDay := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, s.zone)
	n := 0
	for !s.clock.AddWorkingDays(since, n+1).After(endOfDay) {
		n++
	}
	return n
}
