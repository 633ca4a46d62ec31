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
// the phone, counted in 回访率 like the centre's. 满意 and 基本满意 close
// the order; 不满意 keeps it resolved, at the head of the centre's
// callback queue flagged (see CallbackQueue), for the dispatcher to reopen
// it to its handler (重办) — exactly what the centre's own 不满意 callback
// does, so rework stays the dispatcher's decision. The timeline shows the
// rating as the resident's own, publicly.
//
// The proof is token, a one-time rating token Track handed out with a
// right answer for this order: missing, unknown, of another order,
// expired or used is ErrRatingToken, and nothing changes. The token is
// spent with the rating, in one transaction. An order not awaiting a
// callback — not resolved, or already rated since its latest resolution —
// is a *TransitionError (ErrIllegalTransition); a bad rating or note is a
// *ValidationError; an unknown number is ErrNotFound.
func (s *Service) RateByResident(ctx context.Context, number, token string, rating Rating, note string) (Tracking, error) {
	apply, err := callbackStep(rating, note)
	if err != nil {
		return Tracking{}, err
	}
	resident := ResidentActor("")
	var last4 string
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := load(ctx, tx, number)
		if err != nil {
			return err
		}
		now := s.clockNow()
		if err := useRatingToken(ctx, tx, o.ID, token, now); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT reporter_phone_last4 FROM orders WHERE id = ?`, o.ID).Scan(&last4); err != nil {
			return fmt.Errorf("order: rate %s: %w", number, err)
		}
		to, err := residentCallbackTo(&o)
		if err != nil {
			return err
		}
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
	t, _, _, err := s.track(ctx, number, last4)
	return t, err
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
