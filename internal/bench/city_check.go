package bench

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/store"
)

// cityBacklogPrefix numbers the backlog: yesterday's orders still open,
// whose deadlines fall during the run, for the sweepers to escalate.
const cityBacklogPrefix = "CITY"

// cityEscalations are the sweeper's escalation steps: one rung up the
// ladder, or flagged for supervision at the top.
const cityEscalations = `('escalate', 'supervision_flag')`

// fillBacklog inserts n open orders numbered prefix + 6 digits received three days before their
// resolution is due, the due times spread evenly from a minute before now
// to until (so the first ones are overdue when the nodes start and the
// rest fall due during the run): a quarter each with a grid (the sweeper
// sends them to the street), a street (to the centre), a department and
// the centre (flagged for supervision). Each was handed to its handler
// when received, days ago, so no grace holds the escalation back.
func fillBacklog(ctx context.Context, db *store.DB, prefix string, n int, grids []string, dept string, until time.Time) error {
	if n == 0 {
		return nil
	}
	from := time.Now().Add(-time.Minute)
	step := max(until.Sub(from).Milliseconds()/int64(n), 1)
	_, err := db.ExecContext(ctx, `INSERT INTO orders (number, channel, status, category_code, category_version, kind, urgency,
			reply_minutes, resolve_days, resolve_minutes, description, grid_code, community_code, street_code, district_code,
			handler_level, handler_code, received_at, reply_due_at, resolve_due_at, replied_at, dispatched_at,
			version, created_at, updated_at)
		SELECT ? || lpad(i::text, 6, '0'), 'hotline',
			CASE i % 4 WHEN 2 THEN 'processing' WHEN 3 THEN 'pending' ELSE 'dispatched' END,
			'noise.disturb', 1, 'event', 'normal', 120, 3, 0, '楼上夜间噪音扰民，多次反映未解决',
			g, substr(g, 1, 12), substr(g, 1, 9), substr(g, 1, 6),
			CASE i % 4 WHEN 0 THEN 'grid' WHEN 1 THEN 'street' WHEN 2 THEN 'department' ELSE 'centre' END,
			CASE i % 4 WHEN 0 THEN g WHEN 1 THEN substr(g, 1, 9) WHEN 2 THEN ? ELSE '' END,
			due - 259200000, due - 252000000, due, due - 257400000, due - 259200000, 1, due - 259200000, due - 259200000
		FROM (SELECT i, (?::text[])[1 + i % cardinality(?::text[])] AS g, ?::bigint + i * ?::bigint AS due
			FROM generate_series(0, ? - 1) AS i) rows`,
		prefix, dept, grids, grids, store.Millis(from), step, n)
	if err != nil {
		return fmt.Errorf("backlog: %w", err)
	}
	return nil
}

// awaitEscalations waits until every backlog order due by until has been
// escalated (the sweepers tick every 30 s; a lease left by the killed
// node lapses after 2 minutes), or gives up after patience.
func awaitEscalations(ctx context.Context, db *store.DB, until time.Time, patience time.Duration) (int, error) {
	deadline := time.Now().Add(patience)
	for {
		var missing int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders o WHERE number LIKE '`+cityBacklogPrefix+`%'
			AND resolve_due_at <= ? AND NOT EXISTS (SELECT 1 FROM order_events e
				WHERE e.order_id = o.id AND e.action IN `+cityEscalations+`)`, store.Millis(until)).Scan(&missing); err != nil {
			return 0, err
		}
		if missing == 0 || time.Now().After(deadline) {
			return missing, nil
		}
		select {
		case <-ctx.Done():
			return missing, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// cityCheck is what the end-of-run check found.
type cityCheck struct {
	orders, events, outbox, actions, escalated int
}

// checkCity checks, with every node stopped, that every order the
// residents were told was filed exists exactly once and nothing else was
// filed; that every order's events are numbered 1…n without a gap or a
// repeat, each with exactly one outbox row; that every staff action the
// bench was told was done is on the timeline exactly as often; and that
// every backlog order due by dueBy was escalated exactly once and no
// sweeper step was done twice.
func checkCity(ctx context.Context, db *store.DB, acked []filed, actions map[string]map[string]int, dueBy time.Time) (cityCheck, error) {
	var ck cityCheck
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	// Orders: the acknowledged numbers, once each, and no others.
	numbers := make([]string, len(acked))
	for i, f := range acked {
		numbers[i] = f.number
	}
	slices.Sort(numbers)
	if d := len(numbers) - len(slices.Compact(slices.Clone(numbers))); d > 0 {
		fail("%d order numbers acknowledged for two different orders", d)
	}
	stored, err := store.Strings(db.QueryContext(ctx, `SELECT number FROM orders WHERE number NOT LIKE '`+cityBacklogPrefix+`%' ORDER BY number`))
	if err != nil {
		return ck, err
	}
	ck.orders = len(stored)
	if !slices.Equal(stored, numbers) {
		lost := 0
		for _, n := range numbers {
			if _, ok := slices.BinarySearch(stored, n); !ok {
				lost++
			}
		}
		fail("LOST OR EXTRA ORDERS: %d acknowledged, %d stored, %d acknowledged numbers missing", len(numbers), len(stored), lost)
	}

	// Events: numbered 1…n per order, once each, each with one outbox row.
	var gaps, orphans int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0), COUNT(CASE WHEN n <> top OR n <> distinct_seq THEN 1 END)
		FROM (SELECT order_id, COUNT(*) AS n, MAX(seq) AS top, COUNT(DISTINCT seq) AS distinct_seq
			FROM order_events GROUP BY order_id) per`).Scan(&ck.events, &gaps); err != nil {
		return ck, err
	}
	if gaps > 0 {
		fail("DUPLICATE OR MISSING EVENTS: %d orders whose events are not numbered 1…n once each", gaps)
	}
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(SUM(x.n), 0), COUNT(CASE WHEN x.n IS DISTINCT FROM 1 OR e.order_id IS NULL THEN 1 END)
		FROM order_events e FULL JOIN (SELECT (payload::json->>'order_id')::bigint AS order_id, (payload::json->>'seq')::int AS seq,
			COUNT(*) AS n FROM outbox WHERE topic LIKE 'order.%' GROUP BY 1, 2) x
		ON x.order_id = e.order_id AND x.seq = e.seq`).Scan(&ck.outbox, &orphans); err != nil {
		return ck, err
	}
	if orphans > 0 {
		fail("OUTBOX MISMATCH: %d events without exactly one outbox row, or outbox rows without their event", orphans)
	}

	// Staff actions: what the bench was told is what the timelines hold.
	rows, err := db.QueryContext(ctx, `SELECT o.number, e.action, COUNT(*) FROM order_events e JOIN orders o ON o.id = e.order_id
		WHERE e.actor_role NOT IN ('system', '') AND e.action IN ('`+strings.Join(cityStaffActions, "','")+`')
		GROUP BY o.number, e.action`)
	if err != nil {
		return ck, err
	}
	onFile := map[[2]string]int{}
	for rows.Next() {
		var number, action string
		var n int
		if err := rows.Scan(&number, &action, &n); err != nil {
			rows.Close()
			return ck, err
		}
		onFile[[2]string{number, action}] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ck, err
	}
	differ := 0
	for number, by := range actions {
		for action, n := range by {
			ck.actions += n
			if onFile[[2]string{number, action}] != n {
				differ++
			}
			delete(onFile, [2]string{number, action})
		}
	}
	if differ += len(onFile); differ > 0 {
		fail("STAFF ACTIONS DIFFER: %d (order, action) pairs acknowledged a different number of times than the timelines hold", differ)
	}

	// Escalations: every one due happened, once; no sweeper step twice.
	var missing, twice, systemTwice int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(CASE WHEN n = 0 AND resolve_due_at <= ? THEN 1 END), COUNT(CASE WHEN n > 1 THEN 1 END),
			COALESCE(SUM(n), 0)
		FROM (SELECT o.resolve_due_at, (SELECT COUNT(*) FROM order_events e WHERE e.order_id = o.id
			AND e.action IN `+cityEscalations+` AND e.actor_role = 'system') AS n
			FROM orders o WHERE o.number LIKE '`+cityBacklogPrefix+`%') b`, store.Millis(dueBy)).Scan(&missing, &twice, &ck.escalated); err != nil {
		return ck, err
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT order_id, action FROM order_events WHERE actor_role = 'system'
		AND action <> 'dispatch' GROUP BY order_id, action HAVING COUNT(*) > 1) d`).Scan(&systemTwice); err != nil {
		return ck, err
	}
	if missing > 0 || twice > 0 || systemTwice > 0 {
		fail("ESCALATIONS: %d due but not done, %d done twice; %d (order, sweeper step) pairs done more than once", missing, twice, systemTwice)
	}
	if len(problems) > 0 {
		return ck, fmt.Errorf("CHECK FAILED: %s", strings.Join(problems, "; "))
	}
	return ck, nil
}
