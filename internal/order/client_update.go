package order

import (
	"context"
	"fmt"

	"civicgrid/internal/store"
)

// The timeline steps a resident's update from an API client becomes
// (PostClientUpdate). Neither moves the order: only staff act on its
// lifecycle.
const (
	ActionResidentNote  Action = "resident_note"  // what the resident said, as a public note
	ActionReopenRequest Action = "reopen_request" // the resident says a resolved order is not fixed; the dispatcher decides (重办)
)

// ClientUpdate is what a resident sent through an API client about an
// order: a note (with the client's details in Data) and whether they say
// the problem is still there.
type ClientUpdate struct {
	Note      string
	Data      map[string]any
	StillOpen bool
}

// PostClientUpdate records u on the order as c's actor sees it, once per
// the client's reference ref (as the receipts of once). What it becomes is
// decided inside the transaction, from the status the order has then, with
// its row locked: a public note; a reopen request when the resident says
// a resolved order is still a problem; refused (ErrInvalid, nothing
// recorded) when they say so of an order ended otherwise (closed,
// cancelled, merged), which no one can reopen. A confidential order is
// not found: a client never learns it exists.
func (s *Service) PostClientUpdate(ctx context.Context, c Client, number string, u ClientUpdate, ref string,
	result func(Event) string) (res string, replayed bool, err error) {
	return s.once(ctx, c, ref, func(tx *store.Tx) (Event, error) {
		// Lock before reading, so a step committed meanwhile is seen and
		// none lands between the decision and the note.
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET version = version WHERE number = ?`, number); err != nil {
			return Event{}, fmt.Errorf("order: lock %s: %w", number, err)
		}
		o, err := load(ctx, tx, number)
		if err != nil {
			return Event{}, err
		}
		if !c.Actor.canSee(&o) || o.Confidential {
			return Event{}, notFound(number)
		}
		action, err := clientUpdateAction(o, u.StillOpen)
		if err != nil {
			return Event{}, err
		}
		note, err := cleanNote("note", u.Note, false)
		if err != nil {
			return Event{}, err
		}
		ev := actorEvent(c.Actor, action, o.Status, o.Status, note, u.Data)
		ev.Public = true
		return s.appendEvent(ctx, tx, &o, ev)
	}, result)
}

// clientUpdateAction is the step a resident's update becomes on o.
func clientUpdateAction(o Order, stillOpen bool) (Action, error) {
	if !stillOpen {
		return ActionResidentNote, nil
	}
	switch o.Status {
	case StatusResolved:
		return ActionReopenRequest, nil
	case StatusClosed, StatusCancelled, StatusMerged:
		return "", invalid("status", "工单 %s %s，不能再重办，请另行提交诉求 request %s is %s and can no longer be reopened; please submit a new request",
			o.Number, o.Status.Chinese(), o.Number, o.Status)
	}
	return ActionResidentNote, nil
}
