package sweep_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/sweep"
)

// Four sweepers (as on four app nodes) tick at the same moments over 300
// due orders, in small batches so that they contend for the same rows,
// while grid workers sign some of the same orders: every order gets each
// warning, mark and escalation exactly once, the reports add up to the
// same, and every timeline stays gapless.
func TestConcurrentSweepersActOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const perKind = 100
		kinds := []struct {
			name string
			in   func(string) order.Input
			want map[order.Action]int
		}{
			{"grid", noiseAtGrid, map[order.Action]int{sweep.ActionReplyWarning: 1, sweep.ActionReplyOverdue: 1,
				sweep.ActionResolveOverdue: 1, order.ActionEscalate: 2, sweep.ActionSupervisionFlag: 1}},
			{"street", fitnessAtStreet, map[order.Action]int{sweep.ActionReplyWarning: 1, sweep.ActionReplyOverdue: 1,
				sweep.ActionResolveOverdue: 1, order.ActionEscalate: 1, sweep.ActionSupervisionFlag: 1}},
			{"department", gasAtDepartment, map[order.Action]int{sweep.ActionReplyOverdue: 1, sweep.ActionResolveWarning: 1,
				sweep.ActionResolveOverdue: 1, sweep.ActionSupervisionFlag: 1}},
		}
		want := map[int64]map[order.Action]int{}
		var gridOrders []order.Order
		for _, k := range kinds {
			for i := range perKind {
				o := mustCreate(t, e, k.in(fmt.Sprintf("%s 诉求 %d", k.name, i)))
				want[o.ID] = k.want
				if k.name == "grid" {
					gridOrders = append(gridOrders, o)
				}
			}
		}

		sweepers := make([]*sweep.Sweeper, 4)
		for i := range sweepers {
			sweepers[i] = newSweeper(t, e, sweep.Policy{}, 37)
		}
		// round runs every sweeper's Tick at once, with extra work
		// alongside, then one more tick to settle (on PostgreSQL a row
		// locked at that moment by a person or another sweeper is skipped
		// and taken at the next tick), and returns the sum of the reports.
		round := func(at time.Time, alongside func()) sweep.Report {
			t.Helper()
			e.now.Set(at)
			var wg sync.WaitGroup
			var mu sync.Mutex
			var sum sweep.Report
			start := make(chan struct{})
			for _, s := range sweepers {
				wg.Go(func() {
					<-start
					r, err := s.Tick(context.Background())
					if err != nil {
						t.Errorf("tick: %v", err)
					}
					mu.Lock()
					add(&sum, r)
					mu.Unlock()
				})
			}
			if alongside != nil {
				wg.Go(func() { <-start; alongside() })
			}
			close(start)
			wg.Wait()
			settle := tick(t, sweepers[0])
			if settle.Events() > 0 {
				t.Logf("settling tick at %s took what was locked: %+v", at.Format("01-02 15:04"), settle)
			}
			add(&sum, settle)
			return sum
		}

		check := func(name string, got, want sweep.Report) {
			t.Helper()
			if got != want {
				t.Fatalf("%s: the sweepers together did %+v, want %+v", name, got, want)
			}
		}
		check("10:45", round(monday09.Add(105*time.Minute), nil), sweep.Report{
			ReplyWarnings: 2 * perKind, ReplyOverdue: perKind, ResolveWarnings: perKind})

		late := time.Date(2026, 12, 10, 9, 0, 0, 0, cst)
		var signed, stale int
		signAlong := func() {
			for _, o := range gridOrders {
				_, err := e.svc.Sign(context.Background(), gridWorker, o.Number, o.Version)
				switch {
				case err == nil:
					signed++
				case errors.Is(err, order.ErrStaleVersion):
					stale++ // the sweeper escalated it first
				default:
					t.Errorf("sign %s: %v", o.Number, err)
				}
			}
		}
		check("overdue", round(late, signAlong), sweep.Report{ReplyOverdue: 2 * perKind, ResolveOverdue: 3 * perKind,
			Escalated: 2 * perKind, Flagged: perKind})
		if signed+stale != perKind {
			t.Fatalf("signed %d, stale %d", signed, stale)
		}
		t.Logf("grid workers signed %d orders before the sweepers escalated them, %d after", signed, stale)
		check("+grace", round(late.Add(4*time.Hour), nil), sweep.Report{Escalated: perKind, Flagged: perKind})
		check("+2 graces", round(late.Add(8*time.Hour), nil), sweep.Report{Flagged: perKind})
		check("later", round(late.Add(30*24*time.Hour), nil), sweep.Report{})

		for id, w := range want {
			if got := systemEvents(t, db, id); !maps.Equal(got, w) {
				t.Fatalf("order %d: system events %v, want %v", id, got, w)
			}
		}
		if n := scalar(t, db, `SELECT COUNT(*) FROM (SELECT order_id FROM order_events GROUP BY order_id
			HAVING COUNT(*) <> MAX(seq)) gaps`); n != 0 {
			t.Fatalf("%d timelines with gaps", n)
		}
		// Exactly one outbox event per timeline event.
		if ev, ob := scalar(t, db, `SELECT COUNT(*) FROM order_events`), scalar(t, db, `SELECT COUNT(*) FROM outbox`); ev != ob {
			t.Fatalf("%d timeline events but %d outbox events", ev, ob)
		}
		if n := scalar(t, db, `SELECT COUNT(*) FROM orders WHERE supervision_flagged_at > 0`); n != 3*perKind {
			t.Fatalf("%d flagged, want %d", n, 3*perKind)
		}
	})
}

func add(sum *sweep.Report, r sweep.Report) {
	sum.ReplyWarnings += r.ReplyWarnings
	sum.ReplyOverdue += r.ReplyOverdue
	sum.ResolveWarnings += r.ResolveWarnings
	sum.ResolveOverdue += r.ResolveOverdue
	sum.Escalated += r.Escalated
	sum.Flagged += r.Flagged
	sum.Postponed += r.Postponed
	sum.Stayed += r.Stayed
}
