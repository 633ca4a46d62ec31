package order

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"civicgrid/internal/store"
)

// Hooks for packages that act beside orders (supervision): a scoped read
// inside their transaction, the role rules, and a timeline append.

// Lookup returns the order with number as a may see it, read through q
// (the caller's transaction); outside a's scope it is ErrNotFound.
func (s *Service) Lookup(ctx context.Context, q store.Querier, a Actor, number string) (Order, error) {
	o, err := load(ctx, q, number)
	if err != nil {
		return Order{}, err
	}
	if !a.canSee(&o) {
		return Order{}, notFound(number)
	}
	return s.view(a, o)
}

// CanSee reports whether a may see o (the rule of Get and List).
func (a Actor) CanSee(o Order) bool { return a.canSee(&o) }

// Handles reports whether a is o's current lead handler: the role for its
// level and that grid, street or department. Nobody handles an order at
// the centre; dispatchers act there.
func (a Actor) Handles(o Order) bool { return a.isHandler(&o) }

// EventInput is a step another package records on an order's timeline.
// Action must not be a lifecycle action of this package.
type EventInput struct {
	Action Action
	Note   string
	Public bool // shown to the resident on the tracking page
	Data   map[string]any
}

// AppendEvent appends e, taken by a, to the timeline of the order with
// number, with its outbox event (topic "order."+e.Action), in tx. The order
// itself and its version do not change. Outside a's scope it is
// ErrNotFound.
func (s *Service) AppendEvent(ctx context.Context, tx *store.Tx, a Actor, number string, e EventInput) (Event, error) {
	if e.Action == "" || strings.Trim(string(e.Action), "abcdefghijklmnopqrstuvwxyz_") != "" {
		return Event{}, invalid("action", "%q: want lower-case letters and _", e.Action)
	}
	if e.Action == ActionCreate || slices.ContainsFunc(transitions, func(r rule) bool { return r.Action == e.Action }) {
		return Event{}, invalid("action", "%q is a lifecycle step of the order itself", e.Action)
	}
	note, err := cleanNote("note", e.Note, false)
	if err != nil {
		return Event{}, err
	}
	o, err := load(ctx, tx, number)
	if err != nil {
		return Event{}, err
	}
	if !a.canSee(&o) {
		return Event{}, notFound(number)
	}
	ev := actorEvent(a, e.Action, o.Status, o.Status, note, e.Data)
	ev.Public = e.Public
	return s.appendEvent(ctx, tx, &o, ev)
}

// appendEvent records ev on o without changing the order: it first locks
// the order's row (a no-op UPDATE) so that concurrent appends to one
// order cannot take the same sequence number.
func (s *Service) appendEvent(ctx context.Context, tx *store.Tx, o *Order, ev Event) (Event, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET version = version WHERE id = ?`, o.ID); err != nil {
		return Event{}, fmt.Errorf("order: lock %s: %w", o.Number, err)
	}
	at := s.clockNow()
	seq, err := record(ctx, tx, o, ev, at)
	if err != nil {
		return Event{}, err
	}
	ev.Seq, ev.At = seq, at
	if ev.Data == nil {
		ev.Data = map[string]any{}
	}
	return ev, nil
}

// forbid is a TransitionError for a role or position rule the table
// cannot express (ErrForbidden); act fills in the order's details.
func forbid(format string, args ...any) error {
	return &TransitionError{Msg: fmt.Sprintf(format, args...), forbidden: true}
}
