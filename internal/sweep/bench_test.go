package sweep_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/sweep"
	"civicgrid/internal/sweep/sweepgen"
)

// BenchmarkTick measures ticks over many open orders (sweepgen.Fill) (default 100 000;
// CIVICGRID_SWEEP_BENCH_ORDERS=1000000 for a million) received evenly over
// the last four days, a quarter each at a grid, a street, a department
// and the centre, replied after 30 minutes, resolution due 3 days after
// receipt — so a quarter are overdue at the start:
//
//	catch-up: the first tick (logged, with -v): marks and escalates
//	          everything overdue, as after a long outage (on PostgreSQL
//	          followed by the VACUUM ANALYZE autovacuum would run);
//	idle:     a tick with nothing due: the steady cost of looking;
//	minute:   one tick per simulated minute: the work a minute brings.
//
// Run: go test -run '^$' -bench Tick -benchtime 200x -v ./internal/sweep/
func BenchmarkTick(b *testing.B) {
	n := 100_000
	if s := os.Getenv("CIVICGRID_SWEEP_BENCH_ORDERS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1000 {
			b.Fatalf("CIVICGRID_SWEEP_BENCH_ORDERS=%q: want a number ≥ 1000", s)
		}
	}
	for _, st := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(st.name, func(b *testing.B) {
			db := st.open(b)
			t0 := monday09
			if err := sweepgen.Fill(context.Background(), db, n, t0, nil); err != nil {
				b.Fatal(err)
			}
			now := ordertest.NewNow(t0)
			s, err := sweep.New(sweep.Config{DB: db, Now: now.Now})
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			r, err := s.Tick(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s, %d open orders: catch-up tick %v, %d events (%+v)", st.name, n, time.Since(start).Round(time.Millisecond), r.Events(), r)
			if db.Dialect() == store.Postgres {
				// The catch-up rewrote a quarter of the table; autovacuum
				// would clean up after it before long.
				if _, err := db.ExecContext(context.Background(), `VACUUM ANALYZE orders`); err != nil {
					b.Fatal(err)
				}
			}
			b.Run("idle", func(b *testing.B) {
				for b.Loop() {
					if r, err := s.Tick(context.Background()); err != nil || r.Events() != 0 {
						b.Fatalf("idle tick: %+v, %v", r, err)
					}
				}
			})
			b.Run("minute", func(b *testing.B) {
				events := 0
				for b.Loop() {
					now.Set(now.Now().Add(time.Minute))
					r, err := s.Tick(context.Background())
					if err != nil {
						b.Fatal(err)
					}
					events += r.Events()
				}
				b.ReportMetric(float64(events)/float64(b.N), "events/tick")
			})
		})
	}
}
