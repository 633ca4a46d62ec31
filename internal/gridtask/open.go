package gridtask

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// CategoryCareVisit is the category of the task a grid gets when visits
// to its care-group members are overdue (internal/care); it is not in the
// order catalogue.
const CategoryCareVisit = "care.visit"

// OpenFor opens a task of a kind other than a hot spot (such as
// CategoryCareVisit) for a grid, with the reason in words and the count
// of what is behind it. Like a hot spot, a grid has one open task of a
// kind, and a cause no newer than latest that the worker dealt with
// (latest not after the last closed task) raises nothing. It reports
// whether a task was opened.
func OpenFor(ctx context.Context, q store.Querier, now time.Time, gridCode, kind, reason string, count int, latest time.Time) (Task, bool, error) {
	var lastDone int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(done_at), 0) FROM grid_tasks
		WHERE grid_code = ? AND category_code = ? AND status = ?`, gridCode, kind, StatusDone).Scan(&lastDone)
	if err != nil {
		return Task{}, false, fmt.Errorf("gridtask: last %s task of %s: %w", kind, gridCode, err)
	}
	if lastDone != 0 && store.Millis(latest) <= lastDone {
		return Task{}, false, nil
	}
	var id int64
	err = q.QueryRowContext(ctx, `INSERT INTO grid_tasks (grid_code, category_code, reason, source_orders,
		order_count, status, created_at) VALUES (?, ?, ?, '[]', ?, ?, ?)
		ON CONFLICT (grid_code, category_code) WHERE status = 'open' DO NOTHING RETURNING id`,
		gridCode, kind, reason, count, StatusOpen, store.Millis(now)).Scan(&id)
	if store.IsNoRows(err) {
		return Task{}, false, nil // open already
	}
	if err != nil {
		return Task{}, false, fmt.Errorf("gridtask: open %s task for %s: %w", kind, gridCode, err)
	}
	return Task{ID: id, GridCode: gridCode, Category: kind, Reason: reason, SourceOrders: []string{}, OrderCount: count,
		Status: StatusOpen, CreatedAt: now, Version: 1}, true, nil
}
