package order

import (
	"context"
	"errors"
	"strconv"
	"time"

	"civicgrid/internal/apikey"
	"civicgrid/internal/store"
)

// Client is an API client (an apikey) acting through an integration such
// as Open311: the actor its notes are recorded as, and the key its
// receipts are kept under, so a retried request is carried out once.
type Client struct {
	Actor Actor // IntegrationActor
	KeyID int64
}

// CreateForClient files in for a's client and, in the same transaction,
// appends the client's intake note to the new order's timeline with a
// receipt ("intake:<number>" → the event's sequence number): the order and
// how it came are stored together or not at all.
func (s *Service) CreateForClient(ctx context.Context, a Actor, in Input, c Client, note EventInput) (o Order, replayed bool, err error) {
	return s.create(ctx, a, in, func(ctx context.Context, tx *store.Tx, o Order, now time.Time) (Order, error) {
		ev, err := s.AppendEvent(ctx, tx, c.Actor, o.Number, note)
		if err != nil {
			return Order{}, err
		}
		return Order{}, apikey.Remember(ctx, tx, c.KeyID, "intake:"+o.Number, strconv.Itoa(ev.Seq), now)
	})
}

// once runs step in a transaction for client c, once per the client's
// reference ref: result(ev) is remembered under ref in the step's
// transaction, and a retry — even one racing the first — gets the first
// result back (replayed) instead of a second event. An empty ref runs the
// step without a receipt.
func (s *Service) once(ctx context.Context, c Client, ref string, step func(tx *store.Tx) (Event, error),
	result func(Event) string) (res string, replayed bool, err error) {
	if ref != "" {
		if res, found, err := apikey.Recall(ctx, s.db, c.KeyID, ref); err != nil || found {
			return res, found, err
		}
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		ev, err := step(tx)
		if err != nil {
			return err
		}
		res = result(ev)
		if ref == "" {
			return nil
		}
		return apikey.Remember(ctx, tx, c.KeyID, ref, res, s.clockNow())
	})
	if errors.Is(err, apikey.ErrReceipt) {
		// A concurrent retry recorded it first; answer as it did.
		res, _, err = apikey.Recall(ctx, s.db, c.KeyID, ref)
		return res, true, err
	}
	return res, false, err
}
