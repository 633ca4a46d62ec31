package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/calendar"
	"civicgrid/internal/category"
	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// HistoryOptions shape the simulated order history: months of residents'
// requests, grid patrols and their handling, driven through the real order
// engine on a simulated clock.
type HistoryOptions struct {
	// Days of orders, ending at End; 0 means no history.
	Days int
	// End is when the history stops ("now"); the zero time means now.
	// Steps planned after End are not taken, so recent orders are open.
	End time.Time
	// Seed picks the orders: the same seed and End give the same orders.
	Seed uint64
	// PerDay is the mean number of orders on an ordinary working day
	// outside the heating season; 0 means DefaultPerDay.
	PerDay float64
	// Workers is how many days are simulated at once; 0 means 2 on
	// SQLite (one writer at a time: more only wait for the lock) and 4 on
	// PostgreSQL.
	Workers int
}

// Defaults for HistoryOptions.
const (
	DefaultHistoryDays = 90
	DefaultPerDay      = 30
)

// DefaultHistory is what `civicgrid demo` builds: 90 days ending now.
func DefaultHistory() HistoryOptions {
	return HistoryOptions{Days: DefaultHistoryDays, Seed: 1}
}

// historyReport counts what the history made.
type historyReport struct {
	orders, steps int // steps: lifecycle steps after intake
	staff         int // accounts added to act in the history
	retired       int // outbox events of the simulated past, marked delivered
	byStatus      map[order.Status]int
}

// addHistory simulates opts.Days of orders for the demo district. It needs
// the demo's users (addUsers) and adds the staff that handle orders in the
// other streets and departments.
func addHistory(ctx context.Context, db *store.DB, dataDir, piiKeys string, opts HistoryOptions, step func(string, ...any)) (historyReport, error) {
	var rep historyReport
	if opts.Days <= 0 {
		return rep, nil
	}
	if dataDir == "" {
		return rep, errors.New("demo: a history needs the data directory (its PII key seals the reporters)")
	}
	opts = opts.withDefaults(time.Now())
	if opts.Workers <= 0 {
		opts.Workers = 4
		if db.Dialect() == store.SQLite {
			opts.Workers = 2
		}
	}
	if _, err := category.Seed(ctx, db); err != nil {
		return rep, err
	}
	keys, err := pii.Load(dataDir, piiKeys)
	if err != nil {
		return rep, err
	}
	cal, err := calendar.Load(ctx, db, nil)
	if err != nil {
		return rep, err
	}
	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		return rep, err
	}
	demoGrid, err := demoGridOf(ctx, db)
	if err != nil {
		return rep, err
	}
	places, err := loadPlaces(ctx, db, demoGrid)
	if err != nil {
		return rep, err
	}
	roster, added, err := buildRoster(ctx, db, places, demoGrid)
	if err != nil {
		return rep, err
	}
	rep.staff = added
	step("history staff: %d accounts (street offices, grid centres, departments, 12345 seats; set a password with: civicgrid user passwd --username NAME)", added)

	days := planDays(opts, places, cal)
	newService := func(now func() time.Time) (*order.Service, error) {
		return order.New(order.Config{DB: db, Locator: loc, Clock: calendar.Deadlines{Cal: func() *calendar.Calendar { return cal }}, Keys: keys, DataDir: dataDir, Now: now})
	}
	steps, err := simulate(ctx, days, roster, newService, opts, step)
	if err != nil {
		return rep, err
	}
	rep.steps = steps
	if rep.retired, err = retireOutbox(ctx, db, opts.End); err != nil {
		return rep, err
	}
	for _, d := range days {
		rep.orders += len(d.orders)
	}
	if rep.byStatus, err = countByStatus(ctx, db); err != nil {
		return rep, err
	}
	step("history: %d orders over %d days, %d steps; %s (%d outbox events of the past marked delivered)",
		rep.orders, opts.Days, rep.steps, rep.statusSummary(), rep.retired)
	return rep, nil
}

// retireOutbox marks the outbox events of the simulated past delivered:
// nobody is to be notified of steps "taken" weeks ago (the notifier's log
// sink would print thousands of lines at the first start). What people
// and the sweeper do from now on is delivered as usual. The order package
// has no call for this, so the statement is here, limited to events up
// to the end of the history in a store the demo has just filled.
func retireOutbox(ctx context.Context, db *store.DB, end time.Time) (int, error) {
	res, err := db.ExecContext(ctx, `UPDATE outbox SET done_at = ? WHERE done_at = 0 AND at <= ?`,
		store.Millis(time.Now()), store.Millis(end))
	if err != nil {
		return 0, fmt.Errorf("demo: retire the history's outbox: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (o HistoryOptions) withDefaults(now time.Time) HistoryOptions {
	if o.End.IsZero() {
		o.End = now
	}
	o.End = o.End.In(cst).Truncate(time.Second)
	if o.PerDay <= 0 {
		o.PerDay = DefaultPerDay
	}
	return o
}

func countByStatus(ctx context.Context, q store.Querier) (map[order.Status]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT status, COUNT(*) FROM orders GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[order.Status]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[order.Status(s)] = n
	}
	return out, rows.Err()
}

func (r historyReport) statusSummary() string {
	s := ""
	for _, st := range order.Statuses() {
		if n := r.byStatus[st]; n > 0 {
			if s != "" {
				s += ", "
			}
			s += fmt.Sprintf("%s %d", st, n)
		}
	}
	return s
}

// cst is China Standard Time, the demo district's clock.
var cst = zone.Shanghai()
