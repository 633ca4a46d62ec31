package order

import (
	"context"
	"fmt"
	"slices"

	"civicgrid/internal/store"
)

// RateByResident records the resident's own rating (评价) of an order that
// is resolved and awaiting its callback: the callback step (see Callback)
// taken by the resident on the tracking page instead of by the centre on
// the phone. 满意 and 基本满意 close the order; 不满意 keeps it resolved
// for the dispatcher to reopen. The timeline shows the rating as the
// resident's own, publicly.
//
// The order is found by number and the last 4 digits of the reporter's
// phone exactly as Track finds it: a wrong number or wrong digits is
// ErrNotFound. An order not awaiting a callback — not resolved, or already
// rated since its latest resolution — is a *TransitionError
// (ErrIllegalTransition); a bad rating or note is a *ValidationError.
func (s *Service) RateByResident(ctx context.Context, number, phoneLast4 string, rating Rating, note string) (Tracking, error) {
	apply, err := callbackStep(rating, note)
	if err != nil {
		return Tracking{}, err
	}
	resident := ResidentActor("")
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := load(ctx, tx, number)
		if err != nil {
			return err
		}
		// The check of Track, on the row this transaction will update.
		var last4 string
		if err := tx.QueryRowContext(ctx, `SELECT reporter_phone_last4 FROM orders WHERE id = ?`, o.ID).Scan(&last4); err != nil {
			return fmt.Errorf("order: rate %s: %w", number, err)
		}
		// Unlike Track, which shows only public steps, a rating needs the
		// phone: an order filed without one is rated by the centre's
		// callback, never by whoever learns its number.
		if last4 == "" || last4 != phoneLast4 {
			return notFound(number)
		}
		to, err := residentCallbackTo(&o)
		if err != nil {
			return err
		}
		now := s.clockNow()
		from, version := o.Status, o.Version
		st := &step{action: ActionCallback, to: to, now: now}
		o.Status = to
		if err := apply(ctx, tx, &o, st); err != nil {
			return err
		}
		o.Version, o.UpdatedAt = version+1, now
		if err := update(ctx, tx, &o, version); err != nil {
			return err
		}
		_, err = record(ctx, tx, &o, actorEvent(resident, ActionCallback, from, st.to, st.note, st.data), now)
		return err
	})
	if err != nil {
		return Tracking{}, err
	}
	return s.Track(ctx, number, phoneLast4)
}

// residentCallbackTo is the status the callback row of the transition
// table leads to from o's status, without the table's role check (the
// resident stands in for the centre's caller), or a TransitionError when
// o is not awaiting a callback. The centre may call back again after a
// 不满意; the resident rates once per resolution.
func residentCallbackTo(o *Order) (Status, error) {
	refuse := func(format string, args ...any) error {
		return &TransitionError{Number: o.Number, Action: ActionCallback, Status: o.Status, Level: o.Level,
			Msg: fmt.Sprintf(format, args...)}
	}
	i := slices.IndexFunc(transitions, func(r rule) bool {
		return r.Action == ActionCallback && slices.Contains(r.From, o.Status)
	})
	if i < 0 {
		return "", refuse("not allowed while the order is %s", o.Status.Label())
	}
	if !o.CallbackAt.IsZero() && !o.CallbackAt.Before(o.ResolvedAt) {
		return "", refuse("the order was already rated after its latest resolution")
	}
	return transitions[i].To, nil
}

// publicEventData is what a resident may see of an event's data: the
// rating given at a callback (theirs, or the one the centre recorded for
// them), nothing else. Track shows it on the timeline.
func publicEventData(e Event) map[string]any {
	if r, ok := e.Data["rating"].(string); ok && e.Action == ActionCallback {
		return map[string]any{"rating": r}
	}
	return nil
}
