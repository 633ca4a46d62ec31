package report_test

import (
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/report"
)

// Grid workers, 楼长 and operators have their own desks; a user with
// nothing to measure (disabled) opens no dashboard.
func TestMayOpenDashboards(t *testing.T) {
	t.Parallel()
	for _, role := range auth.Roles() {
		u := auth.User{ID: 1, Role: role, NodeCode: "210504"}
		want := role != auth.RoleGrid && role != auth.RoleBuilding && role != auth.RoleOperator
		if got := report.MayOpenDashboards(u, auth.ScopeOf(u, "")); got != want {
			t.Errorf("%q: %v", role, got)
		}
		u.Disabled = true
		if report.MayOpenDashboards(u, auth.ScopeOf(u, "")) {
			t.Errorf("disabled %q opens the dashboards", role)
		}
	}
}
