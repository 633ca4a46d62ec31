package order

import (
	"context"
	"fmt"

	"civicgrid/internal/store"
)

// GridLoad is the work in one grid: its open orders (deadlines running)
// and how many of those are past their resolution deadline. The dispatch
// board colours its map by it.
type GridLoad struct {
	GridCode string
	Open     int
	Overdue  int
}

// OpenLoadByGrid counts the open orders a may see, per grid, in one
// GROUP BY; overdue is judged at the service clock. Grids without open
// orders are left out, and so are orders known only by their community.
func (s *Service) OpenLoadByGrid(ctx context.Context, a Actor) ([]GridLoad, error) {
	scope, args, err := s.listWhere(a, Filter{})
	if err != nil || scope == "" {
		return []GridLoad{}, err
	}
	args = append([]any{store.Millis(s.clockNow())}, args...)
	rows, err := s.db.QueryContext(ctx, `SELECT o.grid_code, COUNT(*),
		SUM(CASE WHEN o.resolve_due_at < ? THEN 1 ELSE 0 END)
		FROM orders o WHERE `+scope+` AND o.status IN ('new','pending','dispatched','processing') AND o.grid_code <> ''
		GROUP BY o.grid_code ORDER BY o.grid_code`, args...)
	if err != nil {
		return nil, fmt.Errorf("order: load by grid: %w", err)
	}
	defer rows.Close()
	out := []GridLoad{}
	for rows.Next() {
		var g GridLoad
		if err := rows.Scan(&g.GridCode, &g.Open, &g.Overdue); err != nil {
			return nil, fmt.Errorf("order: load by grid: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
