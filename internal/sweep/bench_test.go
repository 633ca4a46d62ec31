package sweep_test

import (
	"civicgrid/internal/order/ordertest"
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/sweep"
)

// BenchmarkTick measures ticks over many open orders (default 100 000;
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
			fillOrders(b, db, n, t0)
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

// fillOrders inserts n open orders in one statement per 100 000.
func fillOrders(b *testing.B, db *store.DB, n int, t0 time.Time) {
	ctx := context.Background()
	if _, err := category.Seed(ctx, db); err != nil {
		b.Fatal(err)
	}
	span := (4 * 24 * time.Hour).Milliseconds()
	base, step := store.Millis(t0)-span, span/int64(n)
	const chunk = 100_000
	for from := 0; from < n; from += chunk {
		to := min(from+chunk, n)
		// received = base + i*step; reply due 2 h later, replied 30 min
		// after receipt when that is past; resolution due 3 days later.
		_, err := db.ExecContext(ctx, `WITH RECURSIVE seq(i) AS (SELECT CAST(? AS BIGINT) UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
			INSERT INTO orders (number, channel, status, category_code, category_version, kind, urgency, reply_minutes,
				resolve_days, resolve_minutes, description, grid_code, community_code, street_code, district_code,
				handler_level, handler_code, received_at, reply_due_at, resolve_due_at, replied_at, dispatched_at,
				version, created_at, updated_at)
			SELECT 'B' || CAST(i AS TEXT), 'hotline',
				CASE i % 4 WHEN 2 THEN 'processing' WHEN 3 THEN 'pending' ELSE 'dispatched' END,
				'noise.disturb', 1, 'event', 'normal', 120, 3, 0, '噪音扰民', 'g1', 'c1', 's1', 'd1',
				CASE i % 4 WHEN 0 THEN 'grid' WHEN 1 THEN 'street' WHEN 2 THEN 'department' ELSE 'centre' END,
				CASE i % 4 WHEN 0 THEN 'g1' WHEN 1 THEN 's1' WHEN 2 THEN 'ranqi' ELSE '' END,
				r, r + 7200000, r + 259200000, CASE WHEN r + 1800000 <= ? THEN r + 1800000 ELSE 0 END, r, 1, r, r
			FROM (SELECT i, CAST(? AS BIGINT) + i * CAST(? AS BIGINT) AS r FROM seq) rows`,
			from+1, to, store.Millis(t0), base, step)
		if err != nil {
			b.Fatal(err)
		}
	}
	if db.Dialect() == store.Postgres { // autovacuum would, in production
		if _, err := db.ExecContext(ctx, `ANALYZE orders`); err != nil {
			b.Fatal(err)
		}
	}
}
