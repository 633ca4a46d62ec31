package care

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/gridtask"
	"civicgrid/internal/store"
)

// RaiseOverdue gives every grid with overdue visits a grid task (one open
// task per grid, kind gridtask.CategoryCareVisit), saying how many members
// are overdue — by group, never by name, since the task list is read
// more widely than the members. A grid whose worker closed the task is
// raised again only when a member fell due after that. It is safe on
// several nodes (the task's partial unique index decides).
func (s *Service) RaiseOverdue(ctx context.Context) ([]gridtask.Task, error) {
	now := s.now()
	rows, err := s.DB.QueryContext(ctx, `SELECT m.grid_code, g.name_zh, COUNT(*),
		MAX((CASE WHEN m.last_visit_at = 0 THEN m.enrolled_at ELSE m.last_visit_at END) + CAST(g.frequency_days AS BIGINT) * 86400000)
		FROM care_members m JOIN care_groups g ON g.code = m.group_code
		WHERE m.ended_at = 0
		AND (CASE WHEN m.last_visit_at = 0 THEN m.enrolled_at ELSE m.last_visit_at END) + CAST(g.frequency_days AS BIGINT) * 86400000 < ?
		GROUP BY m.grid_code, g.name_zh, g.sort ORDER BY m.grid_code, g.sort`, store.Millis(now))
	if err != nil {
		return nil, err
	}
	type spot struct {
		n      int
		latest int64
		parts  []string
	}
	var order []string
	grids := map[string]*spot{}
	for rows.Next() {
		var grid, name string
		var n int
		var latest int64
		if err := rows.Scan(&grid, &name, &n, &latest); err != nil {
			rows.Close()
			return nil, err
		}
		sp := grids[grid]
		if sp == nil {
			sp = &spot{}
			grids[grid] = sp
			order = append(order, grid)
		}
		sp.n += n
		sp.latest = max(sp.latest, latest)
		sp.parts = append(sp.parts, fmt.Sprintf("%s%d人", name, n))
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var raised []gridtask.Task
	for _, grid := range order {
		sp := grids[grid]
		reason := fmt.Sprintf("本网格有%d位关爱对象走访逾期（%s），请尽快上门走访并在手机上记录。", sp.n, joinZh(sp.parts))
		t, opened, err := gridtask.OpenFor(ctx, s.DB, now, grid, gridtask.CategoryCareVisit, reason, sp.n, time.UnixMilli(sp.latest))
		if err != nil {
			return raised, err
		}
		if opened {
			raised = append(raised, t)
		}
	}
	return raised, nil
}

func joinZh(parts []string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += "、"
		}
		out += p
	}
	return out
}
