package order_test

import (
	"context"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestAppendEventHook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := mustCreate(t, e, operator, noise("楼道噪音"))
		appendAs := func(a order.Actor, in order.EventInput) func() error {
			return func() error {
				return db.InTx(ctx, func(tx *store.Tx) error {
					_, err := e.svc.AppendEvent(ctx, tx, a, o.Number, in)
					return err
				})
			}
		}
		refused(t, e, o.Number, "a lifecycle action", order.ErrInvalid, appendAs(supervisor, order.EventInput{Action: order.ActionSign}))
		refused(t, e, o.Number, "a malformed action", order.ErrInvalid, appendAs(supervisor, order.EventInput{Action: "Drop Table"}))
		refused(t, e, o.Number, "out of scope", order.ErrNotFound, appendAs(streetSupervisor, order.EventInput{Action: "note"}))

		var ev order.Event
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			ev, err = e.svc.AppendEvent(ctx, tx, supervisor, o.Number, order.EventInput{Action: "inspect", Note: "现场核查",
				Data: map[string]any{"by": "督查室"}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		last := lastEvent(t, e, o.Number)
		if ev.Seq != last.Seq || last.Action != "inspect" || last.ActorName != supervisor.Name || last.Data["by"] != "督查室" ||
			last.Public || last.From != o.Status || last.To != o.Status {
			t.Fatalf("appended %+v, stored %+v", ev, last)
		}
		if cur, _ := e.svc.Get(ctx, supervisor, o.Number); cur.Version != o.Version {
			t.Fatalf("version moved %d → %d", o.Version, cur.Version)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE topic = 'order.inspect'`); n != 1 {
			t.Fatalf("%d outbox rows", n)
		}
	})
}
