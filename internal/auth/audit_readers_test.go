package auth_test

import (
	"testing"

	"civicgrid/internal/auth"
)

// The audit log is read by admins and supervisors at district level or
// above, never by a disabled user.
func TestMayReadAudit(t *testing.T) {
	t.Parallel()
	at := func(role, node string, disabled bool) (auth.User, auth.Scope) {
		u := auth.User{ID: 1, Role: role, NodeCode: node, Disabled: disabled}
		return u, auth.ScopeOf(u, "")
	}
	for _, c := range []struct {
		role, node string
		disabled   bool
		want       bool
	}{
		{auth.RoleAdmin, "210504", false, true},
		{auth.RoleSupervisor, "2105", false, true},
		{auth.RoleAdmin, "210504002", false, false},
		{auth.RoleAdmin, "210504", true, false},
		{auth.RoleLeader, "210504", false, false},
		{auth.RoleDispatcher, "210504", false, false},
	} {
		if got := auth.MayReadAudit(at(c.role, c.node, c.disabled)); got != c.want {
			t.Errorf("%s at %s (disabled %v): %v", c.role, c.node, c.disabled, got)
		}
	}
}
