package order

import (
	"context"
	"errors"
	"time"

	"civicgrid/internal/store"
)

// FileHandled files a find its reporter has already dealt with on the spot
// (未诉先办) and, in the same transaction, signs for and resolves it as its
// handler with note: the ordinary steps and their events, one call. When
// the rules keep it from the reporter (the catalogue sent it to a
// department), it stays filed with its handler and handled is false. A
// missing note is refused before anything is filed. A retry with the same
// idempotency key answers the first order, handled if it was.
func (s *Service) FileHandled(ctx context.Context, a Actor, in Input, note string) (o Order, handled, replayed bool, err error) {
	if note, err = cleanNote("note", note, true); err != nil {
		return Order{}, false, false, err
	}
	o, replayed, err = s.create(ctx, a, in, func(ctx context.Context, tx *store.Tx, o Order, now time.Time) (Order, error) {
		out, err := s.handleOnSpot(ctx, tx, a, o, note, now)
		var te *TransitionError
		if errors.As(err, &te) {
			return out, nil // refused before its write: the find stays filed, as far as it got
		}
		return out, err
	})
	if err != nil {
		return Order{}, false, false, err
	}
	return o, o.Status == StatusResolved || o.Status == StatusClosed, replayed, nil
}

// handleOnSpot signs for o if it waits for that and resolves it if it is
// then being processed, inside tx. It returns the order after the last step
// taken (masked for a), or a zero Order when it took none.
func (s *Service) handleOnSpot(ctx context.Context, tx *store.Tx, a Actor, o Order, note string, now time.Time) (Order, error) {
	var out Order
	if o.Status == StatusDispatched {
		signed, err := s.actTx(ctx, tx, a, o.Number, o.Version, ActionSign, now, signStep)
		if err != nil {
			return Order{}, err
		}
		o, out = signed, signed
	}
	if o.Status != StatusProcessing {
		return out, nil
	}
	resolved, err := s.actTx(ctx, tx, a, o.Number, o.Version, ActionResolve, now, resolveStep(note, nil))
	if err != nil {
		return out, err
	}
	return resolved, nil
}
