package order

import (
	"context"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// step is what an action function decides inside the transaction.
type step struct {
	action Action
	to     Status // the status after the step; preset from the table
	note   string
	data   map[string]any
	now    time.Time
	// after runs once the order row is written, for child rows that need
	// the event's sequence number (evidence photos) or follow-up events.
	after func(ctx context.Context, tx *store.Tx, seq int) error
	// follow are events recorded after the step's own (catalogue routing
	// after an acceptance).
	follow []Event
	// event, when set, names the step on the timeline instead of action
	// (a callback that did not reach the resident is 回访未接通).
	event Action
}

// act runs one lifecycle step on the order with number, in one
// transaction: scope (out of scope is ErrNotFound), optimistic version,
// the transition table for status and role, the handler check, then
// apply, the row update guarded by the version, the timeline event and
// the outbox event. It returns the order after the step, masked for a.
func (s *Service) act(ctx context.Context, a Actor, number string, version int, action Action,
	apply func(ctx context.Context, tx *store.Tx, o *Order, st *step) error) (Order, error) {
	var out Order
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = s.actTx(ctx, tx, a, number, version, action, s.clockNow(), apply)
		return err
	})
	return out, err
}

// actTx is act inside the caller's transaction, for a step that changes
// two orders at once (merge).
func (s *Service) actTx(ctx context.Context, tx *store.Tx, a Actor, number string, version int, action Action, now time.Time,
	apply func(ctx context.Context, tx *store.Tx, o *Order, st *step) error) (Order, error) {
	o, err := load(ctx, tx, number)
	if err != nil {
		return Order{}, err
	}
	if !a.canSee(&o) {
		return Order{}, notFound(number)
	}
	if o.Version != version {
		return Order{}, stale(number, version, o.Version)
	}
	r, err := match(o.Status, o.Level, action, a.Role)
	var te *TransitionError
	if errors.As(err, &te) {
		te.Number = number
	}
	if err != nil {
		return Order{}, err
	}
	if r.Handler && !a.isHandler(&o) {
		return Order{}, &TransitionError{Number: number, Action: action, Status: o.Status, Level: o.Level, Role: a.Role, forbidden: true,
			Msg: fmt.Sprintf("only the handler may do this; the order is with %s %s", o.Level, o.HandlerCode)}
	}
	from := o.Status
	st := &step{action: action, to: r.To, now: now}
	if st.to == "" {
		st.to = o.Status
	}
	// apply sees the order in its new status and may move it further
	// (routing after acceptance) or keep another (st.to and o.Status).
	o.Status = st.to
	if err := apply(ctx, tx, &o, st); err != nil {
		var te *TransitionError
		if errors.As(err, &te) {
			te.Number, te.Action, te.Status, te.Level, te.Role = number, action, from, o.Level, a.Role
		}
		return Order{}, err
	}
	o.Version, o.UpdatedAt = version+1, now
	if err := update(ctx, tx, &o, version); err != nil {
		return Order{}, err
	}
	named := action
	if st.event != "" {
		named = st.event
	}
	seq, err := record(ctx, tx, &o, actorEvent(a, named, from, st.to, st.note, st.data), now)
	if err != nil {
		return Order{}, err
	}
	if st.after != nil {
		if err := st.after(ctx, tx, seq); err != nil {
			return Order{}, err
		}
	}
	for _, e := range st.follow {
		if _, err := record(ctx, tx, &o, e, now); err != nil {
			return Order{}, err
		}
	}
	return s.view(a, o)
}

// update writes the mutable columns of o if the stored version is still
// version; otherwise ErrStaleVersion (a concurrent step won).
func update(ctx context.Context, tx *store.Tx, o *Order, version int) error {
	res, err := tx.ExecContext(ctx, `UPDATE orders SET status = ?, handler_level = ?, handler_code = ?, returns = ?,
		reworks = ?, escalations = ?, rating = ?, resolve_due_at = ?, dispatched_at = ?, signed_at = ?, replied_at = ?,
		resolved_at = ?, callback_at = ?, closed_at = ?, callback_attempts = ?, callback_retry_at = ?,
		version = ?, updated_at = ?
		WHERE id = ? AND version = ?`,
		string(o.Status), o.Level, o.HandlerCode, o.Returns, o.Reworks, o.Escalations, string(o.Rating),
		store.Millis(o.ResolveDueAt), store.Millis(o.DispatchedAt), store.Millis(o.SignedAt), store.Millis(o.RepliedAt),
		store.Millis(o.ResolvedAt), store.Millis(o.CallbackAt), store.Millis(o.ClosedAt), o.CallbackAttempts,
		store.Millis(o.CallbackRetryAt), o.Version,
		store.Millis(o.UpdatedAt), o.ID, version)
	if err != nil {
		return fmt.Errorf("order: update %s: %w", o.Number, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return stale(o.Number, version, version+1)
	}
	return nil
}

// refuse is a TransitionError for a rule the table cannot express; act
// fills in the order's details.
func refuse(format string, args ...any) error {
	return &TransitionError{Msg: fmt.Sprintf(format, args...)}
}
