// Package sweepgen generates open orders for measuring the deadline
// sweeper: the Tick benchmark in internal/sweep and `civicgrid-bench
// sweep`. Rows are generated inside the database by SQL, in chunks.
package sweepgen

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/store"
)

// Window is how far back before t0 the orders were received, evenly.
const Window = 4 * 24 * time.Hour

// chunk is how many orders one statement generates.
const chunk = 100_000

// Fill seeds the category catalogue and inserts n open orders received
// evenly over the Window before t0, a quarter each at a grid, a street, a
// department and the centre, replied 30 minutes after receipt (when that
// is before t0), reply due 2 h and resolution due 3 days after receipt —
// so at t0 a quarter are overdue and every minute after it brings its
// share of warnings, overdue marks and escalations. progress, when set, is
// called after each chunk with the orders written so far.
func Fill(ctx context.Context, db *store.DB, n int, t0 time.Time, progress func(done int)) error {
	if _, err := category.Seed(ctx, db); err != nil {
		return err
	}
	span := Window.Milliseconds()
	base, step := store.Millis(t0)-span, span/int64(max(n, 1))
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
			return fmt.Errorf("sweepgen: orders %d–%d: %w", from+1, to, err)
		}
		if progress != nil {
			progress(to)
		}
	}
	if db.Dialect() == store.Postgres { // autovacuum would, in production
		if _, err := db.ExecContext(ctx, `ANALYZE orders`); err != nil {
			return fmt.Errorf("sweepgen: analyze: %w", err)
		}
	}
	return nil
}
