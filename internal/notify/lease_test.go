package notify_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"civicgrid/internal/notify"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// slowSink takes delay per event, or until its context ends; entered
// says when it has started on one.
type slowSink struct {
	delay   time.Duration
	entered chan struct{}
}

func (slowSink) Name() string { return "slow" }

func (s slowSink) Deliver(ctx context.Context, e order.OutboxEvent) error {
	if s.entered != nil {
		select {
		case s.entered <- struct{}{}:
		default:
		}
	}
	select {
	case <-time.After(s.delay):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A notifier delivers only within the first half of its lease: what it
// claimed but could not start in time is handed back, uncounted, for the
// next claim (so no other notifier ever takes an event still being
// delivered).
func TestShortLeaseHandsBackTheRest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for range 6 {
			addEvent(t, db, order.ActionDispatch, "202611230001", time.Time{})
		}
		n := newNotifier(t, db, nil, notify.Config{Batch: 6, Lease: 400 * time.Millisecond, Timeout: 150 * time.Millisecond,
			Sinks: []notify.Sink{slowSink{delay: 80 * time.Millisecond}}})
		r := poll(t, n)
		// 80 ms each against a 200 ms budget: three at most get started.
		if r.Claimed != 6 || r.Delivered < 1 || r.Delivered > 3 || r.Delivered+r.Released != 6 {
			t.Fatalf("poll %+v", r)
		}
		if n := scalar(t, db, `SELECT COUNT(*) FROM outbox WHERE done_at = 0 AND attempts = 0 AND claimed_at = 0`); n != int64(r.Released) {
			t.Fatalf("%d events handed back clean, want %d", n, r.Released)
		}
		// The batch ended early: what was delivered is marked done all the same.
		if n := scalar(t, db, `SELECT COUNT(*) FROM outbox WHERE done_at > 0 AND last_error = ''`); n != int64(r.Delivered) {
			t.Fatalf("%d events marked done, want the %d delivered", n, r.Delivered)
		}
		if again := poll(t, n); again.Claimed != r.Released {
			t.Fatalf("next poll claimed %d, want the %d handed back", again.Claimed, r.Released)
		}
	})
}

// Shutting down mid-delivery hands the claimed events back at once, not
// counted as failed attempts, and remembers which sinks already took the
// interrupted one.
func TestShutdownHandsBackClaims(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var ids []int64
		for range 3 {
			ids = append(ids, addEvent(t, db, order.ActionDispatch, "202611230001", time.Time{}))
		}
		entered := make(chan struct{}, 1)
		first := &sink{name: "first"}
		n := newNotifier(t, db, nil, notify.Config{Sinks: []notify.Sink{first, slowSink{delay: time.Hour, entered: entered}},
			Timeout: 30 * time.Second})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		var r notify.Report
		go func() {
			var err error
			r, err = n.Poll(ctx)
			done <- err
		}()
		<-entered
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("poll returned %v, want context.Canceled", err)
		}
		if r.Claimed != 3 || r.Released != 3 || r.Delivered != 0 {
			t.Fatalf("poll %+v", r)
		}
		if n := scalar(t, db, `SELECT COUNT(*) FROM outbox WHERE attempts = 0 AND claimed_at = 0 AND last_error = ''`); n != 3 {
			t.Fatalf("%d of 3 events handed back clean", n)
		}
		// The first sink took the interrupted event: recorded, so the
		// next delivery skips it.
		if n := scalar(t, db, `SELECT COUNT(*) FROM outbox_deliveries WHERE sink = 'first'`); n != 1 {
			t.Fatalf("%d deliveries recorded for the first sink, want 1", n)
		}
		// Another node (the slow sink is quick there) finishes the job.
		fast := &sink{name: "slow"}
		other := newNotifier(t, db, nil, notify.Config{Sinks: []notify.Sink{first, fast}})
		if r := poll(t, other); r.Claimed != 3 || r.Delivered != 3 {
			t.Fatalf("other node %+v", r)
		}
		for _, id := range ids {
			if first.count(id) != 1 || fast.count(id) != 1 {
				t.Fatalf("event %d: first sink %d times, second %d times; want once each", id, first.count(id), fast.count(id))
			}
		}
	})
}
