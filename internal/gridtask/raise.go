package gridtask

import (
	"context"
	"encoding/json"
	"fmt"

	"civicgrid/internal/category"
	"civicgrid/internal/store"
)

// Raise finds the hot spots of the last Window and opens a task for each
// that has none open and has orders newer than its last closed task. It
// returns the tasks it opened.
func (s *Service) Raise(ctx context.Context) ([]Task, error) {
	now := s.now()
	spots, err := s.orders.Hotspots(ctx, now.Add(-s.window), now, s.min)
	if err != nil {
		return nil, err
	}
	var raised []Task
	for _, h := range spots {
		var lastDone int64
		err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(done_at), 0) FROM grid_tasks
			WHERE grid_code = ? AND category_code = ? AND status = ?`, h.GridCode, h.Category, StatusDone).Scan(&lastDone)
		if err != nil {
			return raised, fmt.Errorf("gridtask: last task of %s: %w", h, err)
		}
		if lastDone != 0 && store.Millis(h.Last) <= lastDone {
			continue // nothing new since the worker dealt with it
		}
		reason := s.reason(ctx, h.Category, h.Count)
		src, _ := json.Marshal(h.Numbers)
		var id int64
		err = s.db.QueryRowContext(ctx, `INSERT INTO grid_tasks (grid_code, category_code, reason, source_orders,
			order_count, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (grid_code, category_code) WHERE status = 'open' DO NOTHING RETURNING id`,
			h.GridCode, h.Category, reason, string(src), h.Count, StatusOpen, store.Millis(now)).Scan(&id)
		if store.IsNoRows(err) {
			continue // open already (raised earlier, or by another node just now)
		}
		if err != nil {
			return raised, fmt.Errorf("gridtask: raise %s: %w", h, err)
		}
		raised = append(raised, Task{ID: id, GridCode: h.GridCode, Category: h.Category, Reason: reason,
			SourceOrders: h.Numbers, OrderCount: h.Count, Status: StatusOpen, CreatedAt: now, Version: 1})
	}
	return raised, nil
}

// reason says in words why the task exists, in Chinese (the grid worker's
// language) with the category's name.
func (s *Service) reason(ctx context.Context, code string, n int) string {
	name := code
	if c, err := category.Get(ctx, s.db, code); err == nil {
		name = c.NameZh
	}
	days := int(s.window.Hours() / 24)
	return fmt.Sprintf("近%d天本网格收到%d件“%s”诉求，请主动巡查、查明原因并处置（未诉先办）。", days, n, name)
}
