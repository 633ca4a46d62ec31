package bulletin

import (
	"slices"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
)

// Actor is a staff user reading bulletins or listing their recipients.
type Actor struct {
	Role  string
	Scope auth.Scope
	Audit audit.Actor
}

// Who may do what: the people who answer for a district's or a street's
// figures read its bulletins (the centre, streets, supervisors, leaders,
// administrators); administrators and leaders decide who receives them.
var (
	readRoles   = []string{auth.RoleAdmin, auth.RoleLeader, auth.RoleSupervisor, auth.RoleDispatcher, auth.RoleStreet}
	manageRoles = []string{auth.RoleAdmin, auth.RoleLeader}
)

// MayRead reports whether the role reads bulletins.
func MayRead(role string) bool { return slices.Contains(readRoles, role) }

// MayManage reports whether the role lists a bulletin's recipients.
func MayManage(role string) bool { return slices.Contains(manageRoles, role) }

func (a Actor) need(roles []string, what string) error {
	// A zero scope covers nothing; without this the lists' LIKE prefix
	// would be "" and match everything.
	if a.Scope.IsZero() || !slices.Contains(roles, a.Role) {
		return forbidden("a %q user may not %s — 无权操作周报月报", a.Role, what)
	}
	return nil
}
