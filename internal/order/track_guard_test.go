package order_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// wantLocked checks err is the lock of number, ending at until.
func wantLocked(t *testing.T, err error, number string, until time.Time) {
	t.Helper()
	var le *order.TrackLockedError
	if !errors.Is(err, order.ErrTrackLocked) || !errors.As(err, &le) || !errs.Is(err, errs.TooMany) || le.Number != number {
		t.Fatalf("%v, want the lock of %s", err, number)
	}
	if !le.Until.Equal(until) {
		t.Fatalf("locked until %s, want %s", le.Until, until)
	}
}

// Brute force of the 4 digits: the 5th wrong answer locks the number for
// 15 minutes, the right answer included; the next lock is 30 minutes.
func TestTrackLocksAnOrderAfterWrongAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := resolvedNoise(t, e)
		// A resident's typos are forgotten by the right answer...
		for range 3 {
			if _, err := e.svc.Track(ctx, o.Number, "1111"); !errors.Is(err, order.ErrNotFound) {
				t.Fatalf("typo: %v", err)
			}
		}
		if _, err := e.svc.Track(ctx, o.Number, "5678"); err != nil {
			t.Fatalf("right answer after typos: %v", err)
		}
		// ...so it takes 5 more wrong answers to lock.
		for i, digits := range []string{"0000", "0001", "0002", "0003"} {
			if _, err := e.svc.Track(ctx, o.Number, digits); !errors.Is(err, order.ErrNotFound) {
				t.Fatalf("try %d: %v, want ErrNotFound", i+1, err)
			}
		}
		start := e.now.Now()
		_, err := e.svc.Track(ctx, o.Number, "0004")
		wantLocked(t, err, o.Number, start.Add(15*time.Minute))
		// Locked: the right answer is refused too, and no token is handed out.
		e.now.Advance(14 * time.Minute)
		tr, err := e.svc.Track(ctx, o.Number, "5678")
		wantLocked(t, err, o.Number, start.Add(15*time.Minute))
		if tr.RatingToken != "" || tr.Number != "" {
			t.Fatalf("a locked lookup showed %+v", tr)
		}
		// Another node (a second service on the same store, or this one
		// after a restart) sees the same lock.
		e2 := newEnvOn(t, e)
		wantLocked(t, func() error { _, err := e2.Track(ctx, o.Number, "5678"); return err }(), o.Number, start.Add(15*time.Minute))
		// Over: the right answer works and forgets the misses...
		e.now.Advance(time.Minute)
		if tr, err := e.svc.Track(ctx, o.Number, "5678"); err != nil || tr.RatingToken == "" {
			t.Fatalf("after the lock: %v, token %q", err, tr.RatingToken)
		}
		// ...but not the locks: the next one is twice as long.
		for i := range 4 {
			if _, err := e.svc.Track(ctx, o.Number, "9999"); !errors.Is(err, order.ErrNotFound) {
				t.Fatalf("second round, try %d: %v", i+1, err)
			}
		}
		_, err = e.svc.Track(ctx, o.Number, "9998")
		wantLocked(t, err, o.Number, e.now.Now().Add(30*time.Minute))
		// Other orders are not affected.
		other := resolvedNoise(t, e)
		if _, err := e.svc.Track(ctx, other.Number, "5678"); err != nil {
			t.Fatalf("another order: %v", err)
		}
	})
}

// A number that does not exist locks alike, so a lock tells nothing; the
// misses are counted across concurrent lookups (several nodes).
func TestTrackLockUnknownNumberAndConcurrentMisses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		const unknown = "209901010001"
		var wg sync.WaitGroup
		errc := make(chan error, 5)
		for i := range 5 {
			svc := e.svc
			if i%2 == 1 {
				svc = newEnvOn(t, e)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := svc.Track(ctx, unknown, "1234")
				errc <- err
			}()
		}
		wg.Wait()
		close(errc)
		locked := 0
		for err := range errc {
			switch {
			case errors.Is(err, order.ErrTrackLocked):
				locked++
			case !errors.Is(err, order.ErrNotFound):
				t.Fatalf("concurrent miss: %v", err)
			}
		}
		if locked != 1 {
			t.Fatalf("%d of 5 concurrent misses locked, want exactly 1 (the 5th)", locked)
		}
		if _, err := e.svc.Track(ctx, unknown, "1234"); !errors.Is(err, order.ErrTrackLocked) {
			t.Fatalf("after 5 misses: %v", err)
		}
		// A day after the lock ended, the housekeeping forgets it.
		e.now.Advance(25 * time.Hour)
		if n, err := order.PurgeTracking(ctx, db, e.now.Now()); err != nil || n != 1 {
			t.Fatalf("purge: %d, %v", n, err)
		}
	})
}

func TestTrackLockPolicyGrowsToItsMax(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		svc := newEnvWith(t, e, order.TrackLock{Misses: 1, Lock: time.Hour, Max: 3 * time.Hour})
		const n = "209901010002"
		for _, want := range []time.Duration{time.Hour, 2 * time.Hour, 3 * time.Hour, 3 * time.Hour} {
			_, err := svc.Track(ctx, n, "0000")
			wantLocked(t, err, n, e.now.Now().Add(want))
			e.now.Advance(want)
		}
	})
}
