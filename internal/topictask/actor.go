package topictask

import (
	"slices"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
)

// Actor is a signed-in user with the scope the server computed.
type Actor struct {
	User  auth.User
	Scope auth.Scope
	IP    string
}

func (a Actor) audit() audit.Actor { return auth.ActorOf(a.User, a.IP) }

// Who may do what: the command centre, leaders and admins hand topics out
// (issuers, each over the tasks of its own node); the lead department
// works its own tasks; supervisors read the tasks of their node.
var (
	issueRoles = []string{auth.RoleAdmin, auth.RoleDispatcher, auth.RoleLeader}
	readRoles  = []string{auth.RoleAdmin, auth.RoleDispatcher, auth.RoleLeader, auth.RoleSupervisor}
)

// Actions on a task.
const (
	ActionProgress = "progress" // 记录进展
	ActionClose    = "close"    // 办结
)

// MayIssue reports whether a's role hands hot topics out, so a page shows
// the form only to those it will accept.
func MayIssue(a Actor) bool { return slices.Contains(issueRoles, a.User.Role) }

// lead reports whether a is the task's lead department.
func (a Actor) lead(t Task) bool {
	return a.User.Role == auth.RoleDepartment && a.Scope.CoversDepartment(t.Department)
}

// issuer reports whether a hands out tasks over t's node.
func (a Actor) issuer(t Task) bool { return MayIssue(a) && a.Scope.CoversRegion(t.RegionCode) }

// sees reports whether a may read t.
func (a Actor) sees(t Task) bool {
	return a.lead(t) || (slices.Contains(readRoles, a.User.Role) && a.Scope.CoversRegion(t.RegionCode))
}

// Actions lists what a may do to t now.
func Actions(a Actor, t Task) []string {
	if t.Status != StatusOpen || !(a.lead(t) || a.issuer(t)) {
		return nil
	}
	return []string{ActionProgress, ActionClose}
}

func (a Actor) need(t Task, action string) error {
	if slices.Contains(Actions(a, t), action) {
		return nil
	}
	if t.Status != StatusOpen {
		return conflict("task %d is closed — 该任务已办结", t.ID)
	}
	return forbidden("a %q user may not %s task %d — 无权办理此任务", a.User.Role, action, t.ID)
}

// MayRead reports whether a role opens the task list: issuers,
// supervisors and departments (each sees only its own tasks).
func MayRead(role string) bool {
	return role == auth.RoleDepartment || slices.Contains(readRoles, role)
}
