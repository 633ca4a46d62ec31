package sweep_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/sweep"
)

// While one sweeper holds the tick's lease, another's tick does nothing
// and says so; once it is released (or lapses, as when its node died
// mid-tick) the other ticks and does the work once.
func TestOneLeaderPerTick(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for i := range 5 {
			mustCreate(t, e, noiseAtGrid(fmt.Sprintf("噪音 %d", i)))
		}
		ctx := context.Background()
		a := newSweeper(t, e, sweep.Policy{}, 0)
		b := newSweeper(t, e, sweep.Policy{}, 0)
		e.now.Set(monday09.Add(105 * time.Minute)) // reply warnings due

		before := scalar(t, db, `SELECT COUNT(*) FROM order_events`)
		held, release, err := a.HoldLease(ctx)
		if err != nil || !held {
			t.Fatalf("a took the free lease: %v, %v", held, err)
		}
		if again, _, err := b.HoldLease(ctx); err != nil || again {
			t.Fatalf("b took a lease a holds: %v, %v", again, err)
		}
		if r := tick(t, b); !r.Idle || r.Events() != 0 {
			t.Fatalf("b ticked while a held the lease: %+v", r)
		}
		if n := scalar(t, db, `SELECT COUNT(*) FROM order_events`); n != before {
			t.Fatalf("%d events written by an idle tick", n-before)
		}
		release()
		if r := tick(t, b); r.Idle || r.ReplyWarnings != 5 {
			t.Fatalf("b after a released: %+v, want 5 reply warnings", r)
		}
		if r := tick(t, a); r.Idle || r.Events() != 0 {
			t.Fatalf("a's next tick: %+v, want nothing left to do", r)
		}
	})
}

// A node that died holding the lease keeps the others idle only until
// the lease lapses.
func TestLeaseLapses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mustCreate(t, e, noiseAtGrid("噪音"))
		ctx := context.Background()
		mk := func() *sweep.Sweeper {
			s, err := sweep.New(sweep.Config{DB: db, Now: e.now.Now, LeaseTTL: 3 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		dead, alive := mk(), mk()
		e.now.Set(monday09.Add(105 * time.Minute))
		took := time.Now()
		if held, _, err := dead.HoldLease(ctx); err != nil || !held {
			t.Fatalf("take: %v, %v", held, err)
		}
		// (A machine so loaded that this tick starts 3 s later would see
		// the lease lapsed already: only a tick well inside it must idle.)
		if r := tick(t, alive); !r.Idle && time.Since(took) < 2*time.Second {
			t.Fatalf("ticked before the dead node's lease lapsed: %+v", r)
		}
		time.Sleep(3100 * time.Millisecond)
		if r := tick(t, alive); r.Idle || r.ReplyWarnings != 1 {
			t.Fatalf("after the lapse: %+v, want 1 reply warning", r)
		}
	})
	if _, err := sweep.New(sweep.Config{DB: storetest.SQLite(t), LeaseTTL: -time.Second}); err == nil {
		t.Fatal("a negative lease TTL was accepted")
	}
}

// Two sweepers (two nodes) start together on a backlog of overdue
// orders: each due escalation happens exactly once, one of the two
// ticks does all the work, and the other is idle.
func TestTwoNodesStartingTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const n = 60
		var ids []int64
		for i := range n {
			ids = append(ids, mustCreate(t, e, noiseAtGrid(fmt.Sprintf("噪音 %d", i))).ID)
		}
		nodes := []*sweep.Sweeper{newSweeper(t, e, sweep.Policy{}, 7), newSweeper(t, e, sweep.Policy{}, 7)}
		e.now.Set(time.Date(2026, 12, 10, 9, 0, 0, 0, cst)) // all overdue: grid → street
		var wg sync.WaitGroup
		reports := make([]sweep.Report, len(nodes))
		start := make(chan struct{})
		for i, s := range nodes {
			wg.Go(func() {
				<-start
				r, err := s.Tick(context.Background())
				if err != nil {
					t.Errorf("node %d: %v", i, err)
				}
				reports[i] = r
			})
		}
		close(start)
		wg.Wait()
		var sum sweep.Report
		idle := 0
		for _, r := range reports {
			add(&sum, r)
			if r.Idle {
				idle++
			}
		}
		// Both may tick one after the other (the first finished before the
		// second began); then the second finds nothing.
		if sum.Escalated != n || sum.ResolveOverdue != n {
			t.Fatalf("together: %+v (reports %+v), want %d overdue and %d escalated", sum, reports, n, n)
		}
		if idle == 0 && reports[0].Events() > 0 && reports[1].Events() > 0 {
			t.Fatalf("both nodes worked in one tick: %+v", reports)
		}
		for _, id := range ids {
			if got := systemEvents(t, db, id)[order.ActionEscalate]; got != 1 {
				t.Fatalf("order %d escalated %d times", id, got)
			}
		}
		if r := tick(t, nodes[1]); r.Escalated != 0 || r.Idle {
			t.Fatalf("a later tick: %+v", r)
		}
	})
}
