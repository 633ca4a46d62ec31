package order_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestOutboxClaimsEachEventOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		for range 10 {
			mustCreate(t, e, operator, noise("噪音")) // 2 events each
		}
		now := time.Now()
		var mu sync.Mutex
		claimed := map[int64]int{}
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					got, err := order.ClaimOutbox(ctx, db, 3, time.Minute, now)
					if err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, ev := range got {
						claimed[ev.ID]++
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(claimed) != 20 {
			t.Fatalf("claimed %d events, want 20", len(claimed))
		}
		for id, n := range claimed {
			if n != 1 {
				t.Fatalf("event %d claimed %d times within one lease", id, n)
			}
		}
		// Within the lease nothing is handed out again; a failed delivery
		// is retried; a done one never.
		if got, _ := order.ClaimOutbox(ctx, db, 100, time.Minute, now.Add(time.Second)); len(got) != 0 {
			t.Fatalf("re-claimed %d within the lease", len(got))
		}
		if err := order.OutboxFailed(ctx, db, 1, errors.New("webhook 503")); err != nil {
			t.Fatal(err)
		}
		if err := order.OutboxDone(ctx, db, 2, now); err != nil {
			t.Fatal(err)
		}
		got, err := order.ClaimOutbox(ctx, db, 100, time.Minute, now.Add(time.Second))
		if err != nil || len(got) != 1 || got[0].ID != 1 || got[0].Attempts != 2 {
			t.Fatalf("retry claim: %+v, %v", got, err)
		}
		var p order.OutboxPayload
		if err := json.Unmarshal(got[0].Payload, &p); err != nil || p.Action != order.ActionCreate || p.Number == "" || p.Seq != 1 {
			t.Fatalf("payload %s: %+v, %v", got[0].Payload, p, err)
		}
		// After the lease expires every undone event comes back (the
		// notifier that claimed them died): all but the one done.
		got, _ = order.ClaimOutbox(ctx, db, 100, time.Minute, now.Add(2*time.Minute))
		if len(got) != 19 {
			t.Fatalf("after the lease: %d, want 19", len(got))
		}
	})
}
