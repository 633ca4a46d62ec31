package gridtask

import (
	"context"
	"fmt"

	"civicgrid/internal/auth"
)

// maxList bounds one list; a grid never has this many open tasks.
const maxList = 500

// List returns the tasks of the grids within scope (a grid worker's
// scope is their community; pass grid to narrow to one grid), open
// first then the newest. status "" lists both.
func (s *Service) List(ctx context.Context, scope auth.Scope, grid, status string) ([]Task, error) {
	prefix := scope.RegionPrefix()
	if prefix == "" {
		return nil, nil // department users and residents have no grids
	}
	if grid != "" {
		if !scope.CoversRegion(grid) {
			return nil, nil
		}
		prefix = grid
	}
	q := `SELECT ` + taskColumns + ` FROM grid_tasks WHERE grid_code LIKE ?`
	args := []any{prefix + "%"}
	if status != "" {
		if status != StatusOpen && status != StatusDone {
			return nil, fmt.Errorf("%w: status %q: want open or done", ErrInvalid, status)
		}
		q += ` AND status = ?`
		args = append(args, status)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY status DESC, created_at DESC, id DESC LIMIT ?`, append(args, maxList)...)
	if err != nil {
		return nil, fmt.Errorf("gridtask: list: %w", err)
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Get returns one task within scope, else ErrNotFound.
func (s *Service) Get(ctx context.Context, scope auth.Scope, id int64) (Task, error) {
	t, err := scanTask(s.db.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM grid_tasks WHERE id = ?`, id))
	if err != nil || !scope.CoversRegion(t.GridCode) {
		return Task{}, ErrNotFound
	}
	return t, nil
}
