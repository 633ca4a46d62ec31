package notify_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/notify"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Two notifier loops (as on two app nodes) drain 300 events together:
// the webhook receives each exactly once, and so does the second sink.
func TestTwoNotifiersDeliverEachEventOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const events = 300
		ids := make([]int64, events)
		for i := range ids {
			ids[i] = addEvent(t, db, order.ActionDispatch, "2026112300"+string(rune('0'+i%10)), time.Time{})
		}
		rcv := newReceiver(t)
		counter := &sink{name: "counter"}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var wg sync.WaitGroup
		for range 2 {
			n := newNotifier(t, db, nil, notify.Config{Batch: 7, Every: 10 * time.Millisecond,
				Sinks: []notify.Sink{&notify.Webhook{URL: rcv.srv.URL, Secret: secret}, counter}})
			wg.Go(func() { n.Run(ctx) })
		}
		deadline := time.Now().Add(30 * time.Second)
		for scalar(t, db, `SELECT COUNT(*) FROM outbox WHERE done_at = 0`) > 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%d events still undelivered", scalar(t, db, `SELECT COUNT(*) FROM outbox WHERE done_at = 0`))
			}
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
		wg.Wait()
		rcv.mu.Lock()
		defer rcv.mu.Unlock()
		if len(rcv.got) != events || len(rcv.bodies) != events {
			t.Fatalf("webhook got %d distinct events in %d requests, want %d", len(rcv.got), len(rcv.bodies), events)
		}
		for _, id := range ids {
			if rcv.got[id] != 1 || counter.count(id) != 1 {
				t.Fatalf("event %d: webhook %d times, counter %d times", id, rcv.got[id], counter.count(id))
			}
		}
		if n := scalar(t, db, `SELECT COUNT(*) FROM outbox WHERE attempts <> 1`); n != 0 {
			t.Fatalf("%d events took more than one attempt", n)
		}
	})
}

func scalar(t testing.TB, db *store.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
