package order_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestFileHandledIsOneCall: a find the grid worker dealt with is filed,
// signed and resolved (closed, as a patrol find) by one engine call; one
// the catalogue sends to a department is only filed; without a note
// nothing is filed; a retry answers the first order.
func TestFileHandledIsOneCall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := order.Input{Channel: order.ChannelPatrol, Category: "litter.exposed", Description: "绿化带内有暴露垃圾",
			Point: inA, IdempotencyKey: "onspot-1"}
		o, handled, replayed, err := e.svc.FileHandled(ctx, gridWorker, in, "已当场清理干净")
		if err != nil || !handled || replayed || o.Status != order.StatusClosed || o.ResolvedAt.IsZero() {
			t.Fatalf("handled find: %v handled=%v replayed=%v status %s", err, handled, replayed, o.Status)
		}
		events, err := e.svc.Timeline(ctx, dispatcher, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		var got []order.Action
		for _, ev := range events {
			got = append(got, ev.Action)
		}
		if len(got) < 3 || got[len(got)-2] != order.ActionSign || got[len(got)-1] != order.ActionResolve {
			t.Fatalf("timeline %v, want it to end with sign, resolve", got)
		}
		again, handled, replayed, err := e.svc.FileHandled(ctx, gridWorker, in, "已当场清理干净")
		if err != nil || !handled || !replayed || again.Number != o.Number {
			t.Fatalf("retry: %v handled=%v replayed=%v %s", err, handled, replayed, again.Number)
		}

		dept := order.Input{Channel: order.ChannelPatrol, Category: "ad.flyers", Description: "电线杆上贴满小广告", Point: inA}
		d, handled, _, err := e.svc.FileHandled(ctx, gridWorker, dept, "已撕掉一部分")
		if err != nil || handled || !d.Status.Open() || d.Number == "" {
			t.Fatalf("a department's find: %v handled=%v status %s, want filed and open", err, handled, d.Status)
		}

		before := count(t, db, `SELECT COUNT(*) FROM orders`)
		_, _, _, err = e.svc.FileHandled(ctx, gridWorker, order.Input{Channel: order.ChannelPatrol, Category: "litter.exposed",
			Description: "绿化带内有暴露垃圾", Point: inA}, "  ")
		var ve *order.ValidationError
		if !errors.As(err, &ve) || ve.Field != "note" {
			t.Fatalf("no note: %v, want a note validation error", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM orders`); n != before {
			t.Fatalf("%d orders after a refused find, want %d", n, before)
		}
	})
}
