package report

import (
	"slices"

	"civicgrid/internal/auth"
)

// dashboardRoles open the measures dashboards: those who lead, steer or
// oversee a part of the tree, or a department. Grid workers, 楼长 and
// operators have their own desks (a grid worker sees their grid's month
// there); the API answers Measures to any scope.
var dashboardRoles = []string{auth.RoleLeader, auth.RoleDispatcher, auth.RoleSupervisor, auth.RoleStreet,
	auth.RoleCommunity, auth.RoleDepartment, auth.RoleAdmin}

// MayOpenDashboards reports whether u, with scope s, opens the measures
// dashboards: a dashboard role with a part of the tree to measure.
func MayOpenDashboards(u auth.User, s auth.Scope) bool {
	return slices.Contains(dashboardRoles, u.Role) && !s.IsZero()
}
