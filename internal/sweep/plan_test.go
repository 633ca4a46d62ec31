package sweep

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"civicgrid/internal/category"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Each step's query finds its rows through its own partial index (the
// predicates in mark.go must match migration 00080 word for word), so a
// tick stays a few short index scans however many orders are open.
// The table holds what a working one does: many closed orders never
// replied to (cancelled, answered) and many open ones already swept, a
// few awaiting each step. SQLite is asked without statistics, as a fresh
// database runs; PostgreSQL with them, and with sequential scans off,
// since on a table this small a scan is cheaper and would rightly win.
func TestStepsUseTheirIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fillForPlans(t, db)
		c, explain := clausesFor(db.Dialect()), "EXPLAIN QUERY PLAN "
		if db.Dialect() == store.Postgres {
			explain = "EXPLAIN "
		}
		cases := []struct {
			index string
			query string
			args  []any
		}{
			// now = 4 100 000 (after every due time), lead 1 800 000.
			{"orders_sweep_reply_warning", replyWarning.query(c), []any{4100000, 5900000, 500, 4100000, 5900000}},
			{"orders_sweep_reply_overdue", replyOverdue.query(c), []any{0, 4100000, 500, 0, 4100000}},
			{"orders_sweep_resolve_warning", resolveWarning.query(c), []any{4100000, 5900000, 500, 4100000, 5900000}},
			{"orders_sweep_resolve_overdue", resolveOverdue.query(c), []any{4100000, 0, 4100000, 500, 0, 4100000}},
			{"orders_sweep_escalate", dueEscalationsQuery(c), []any{4100000, 500}},
		}
		for _, q := range cases {
			plan, err := queryPlan(ctx, db, explain+q.query, q.args)
			if err != nil {
				t.Fatalf("%s: %v", q.index, err)
			}
			// The candidate search must use the step's index, and nothing
			// may scan orders or search it by status: SQLite's outer
			// UPDATE finds the claimed rows by rowid.
			if !strings.Contains(plan, q.index) {
				t.Errorf("%s not used:\n%s", q.index, plan)
			}
			for _, bad := range []string{"SCAN orders", "orders_status", "Seq Scan"} {
				if strings.Contains(plan, bad) {
					t.Errorf("%s: %q in the plan:\n%s", q.index, bad, plan)
				}
			}
			t.Logf("%s:\n%s", q.index, plan)
		}
	})
}

// fillForPlans inserts 2 000 closed orders never replied to, 2 000 open
// ones already warned, marked and escalated, and 20 awaiting every step.
func fillForPlans(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := category.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		from, to          int
		status            string
		swept, escalateAt string
	}{
		{1, 2000, "'closed'", "0", "0"},
		{2001, 4000, "'processing'", "d", "0"},
		{4001, 4020, "'processing'", "0", "1"},
	} {
		_, err := db.ExecContext(ctx, `WITH RECURSIVE seq(i) AS (SELECT CAST(? AS BIGINT) UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
			INSERT INTO orders (number, channel, status, category_code, category_version, kind, urgency, reply_minutes,
				resolve_days, resolve_minutes, description, community_code, street_code, district_code, handler_level,
				received_at, reply_due_at, resolve_due_at, reply_warned_for, reply_overdue_for, resolve_warned_for,
				resolve_overdue_for, escalate_at, version, created_at, updated_at)
			SELECT 'P' || CAST(i AS TEXT), 'hotline', `+f.status+`, 'noise.disturb', 1, 'event', 'normal', 120, 3, 0, 'x',
				'c', 's', 'd', 'department', d, d, d, `+f.swept+`, `+f.swept+`, `+f.swept+`, `+f.swept+`, `+f.escalateAt+`, 1, d, d
			FROM (SELECT i, 1000 * i AS d FROM seq) x`, f.from, f.to)
		if err != nil {
			t.Fatal(err)
		}
	}
	if db.Dialect() == store.Postgres {
		if _, err := db.ExecContext(ctx, `ANALYZE orders`); err != nil {
			t.Fatal(err)
		}
	}
}

func queryPlan(ctx context.Context, db *store.DB, query string, args []any) (string, error) {
	var lines []string
	err := db.InTx(ctx, func(tx *store.Tx) error {
		if tx.Dialect() == store.Postgres {
			if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
				return err
			}
		}
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
		}
		return rows.Err()
	})
	return strings.Join(lines, "\n"), err
}
