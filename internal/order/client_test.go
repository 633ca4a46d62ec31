package order_test

import (
	"context"
	"strconv"
	"testing"

	"civicgrid/internal/apikey"
	"civicgrid/internal/audit"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestClientStepsAreOnce: an order filed for an API client carries its
// intake note and receipt from the same transaction, and a client's note
// sent twice under one reference is recorded once.
func TestClientStepsAreOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		key, _, err := apikey.Add(ctx, db, "fms", "", audit.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		c := order.Client{Actor: order.IntegrationActor("Open311 · fms", "198.51.100.7", district), KeyID: key.ID}
		in := order.Input{Channel: order.ChannelAPI, Category: "corridor.clutter", Description: "楼道里堆满了旧家具",
			Point: inA, ReporterPhone: "13812345678"}
		o, _, err := e.svc.CreateForClient(ctx, resident, in, c, order.EventInput{Action: "intake", Note: "filed through Open311 by fms"})
		if err != nil {
			t.Fatal(err)
		}
		seq, found, err := apikey.Recall(ctx, db, key.ID, "intake:"+o.Number)
		if err != nil || !found {
			t.Fatalf("intake receipt: %v found=%v", err, found)
		}
		events, err := e.svc.Timeline(ctx, dispatcher, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		if last := events[len(events)-1]; last.Action != "intake" || strconv.Itoa(last.Seq) != seq {
			t.Fatalf("last event %s #%d, receipt %s: want the intake note it names", last.Action, last.Seq, seq)
		}

		note := order.ClientUpdate{Note: "还没有人来处理"}
		id := func(ev order.Event) string { return o.Number + "-" + strconv.Itoa(ev.Seq) }
		first, replayed, err := e.svc.PostClientUpdate(ctx, c, o.Number, note, "update:42", id)
		if err != nil || replayed {
			t.Fatalf("first note: %v replayed=%v", err, replayed)
		}
		again, replayed, err := e.svc.PostClientUpdate(ctx, c, o.Number, note, "update:42", id)
		if err != nil || !replayed || again != first {
			t.Fatalf("retry: %s %v replayed=%v, want %s replayed", again, err, replayed, first)
		}
		before := count(t, db, `SELECT COUNT(*) FROM order_events`)
		if _, _, err := e.svc.PostClientUpdate(ctx, c, o.Number, note, "", id); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM order_events`); n != before+1 {
			t.Fatalf("a note without a reference: %d events, want %d", n, before+1)
		}
	})
}
