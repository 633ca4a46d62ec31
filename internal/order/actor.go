package order

import (
	"slices"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/category"
)

// Actor is who acts on orders: a signed-in user with the scope the server
// computed for them (auth.ScopeForUser), or a resident without an account
// (Role ""). Never build an Actor from what a client claims.
type Actor struct {
	UserID int64
	Name   string
	Role   string // auth.Role…; "" for a resident
	Scope  auth.Scope
	IP     string
}

// StaffActor makes the Actor for a signed-in user.
func StaffActor(u auth.User, scope auth.Scope, ip string) Actor {
	name := u.DisplayName
	if name == "" {
		name = u.Username
	}
	return Actor{UserID: u.ID, Name: name, Role: u.Role, Scope: scope, IP: ip}
}

// ResidentActor makes the Actor for a resident submitting without an
// account (web form, Open311).
func ResidentActor(ip string) Actor { return Actor{Name: "居民", IP: ip} }

// Event actor roles besides the auth roles.
const (
	roleResident = "resident"
	roleSystem   = "system"
)

func (a Actor) isResident() bool { return a.Role == "" }

func (a Actor) eventRole() string {
	if a.isResident() {
		return roleResident
	}
	return a.Role
}

func (a Actor) audit() audit.Actor { return audit.Actor{UserID: a.UserID, Name: a.Name, IP: a.IP} }

// privileged roles see the reporter of a confidential order (masked) and
// may reveal it; handlers never do.
var privilegedRoles = []string{auth.RoleOperator, auth.RoleDispatcher, auth.RoleSupervisor}

func (a Actor) privileged() bool { return slices.Contains(privilegedRoles, a.Role) }

// locationCode is the code scope is checked against: the grid when known,
// else the community.
func (o *Order) locationCode() string {
	if o.GridCode != "" {
		return o.GridCode
	}
	return o.CommunityCode
}

// canSee is the read rule. Department users see the orders their
// department leads or co-handles; building volunteers (楼长) see the
// orders they filed themselves; residents see none (they track by
// number, see Track); everyone else sees the orders located in their
// scope.
func (a Actor) canSee(o *Order) bool {
	switch a.Role {
	case "":
		return false
	case auth.RoleBuilding:
		return a.UserID != 0 && o.createdBy == a.UserID
	case auth.RoleDepartment:
		dept := a.Scope.DepartmentCode()
		if dept == "" {
			return false
		}
		return (o.Level == category.LevelDepartment && o.HandlerCode == dept) || slices.Contains(o.CoHandlers, dept)
	default:
		return a.Scope.CoversRegion(o.locationCode())
	}
}

// isHandler reports whether a is the current lead handler of o: the role
// for its level and, for that role, this grid, street or department.
func (a Actor) isHandler(o *Order) bool {
	if !slices.Contains(handlerRoles[o.Level], a.Role) {
		return false
	}
	if o.Level == category.LevelDepartment {
		return a.Scope.DepartmentCode() != "" && a.Scope.DepartmentCode() == o.HandlerCode
	}
	return o.HandlerCode != "" && a.Scope.CoversRegion(o.HandlerCode)
}
