package order

import (
	"context"

	"civicgrid/internal/auth"
)

// AwaitingReportIn lists the summons in a's scope that still wait for a
// department to report in, whether or not their time has passed, soonest
// due first: for a department user, those naming it that it has not
// answered (its 吹哨报到 to-do list); for a community or street, the
// whistles in its area someone has not answered yet.
func (s *Service) AwaitingReportIn(ctx context.Context, a Actor) ([]Summons, error) {
	cond, args := summonsScope(a)
	if cond == "" {
		return []Summons{}, nil
	}
	waiting := `EXISTS (SELECT 1 FROM order_summons_departments w WHERE w.summons_id = s.id AND w.reported_at = 0`
	if a.Role == auth.RoleDepartment {
		waiting += ` AND w.department_code = ?`
		args = append(args, a.Scope.DepartmentCode())
	}
	return s.summonsWhere(ctx, cond+` AND `+waiting+`)`, args)
}
