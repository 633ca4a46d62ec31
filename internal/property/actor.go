package property

import (
	"slices"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
)

// Actor is a signed-in staff user with the scope the server computed.
type Actor struct {
	User  auth.User
	Scope auth.Scope
	IP    string
}

func (a Actor) audit() audit.Actor { return auth.ActorOf(a.User, a.IP) }

// Who may do what: the community keeps its compounds' contracts and
// committees, the street its communities', and either may register a
// company of the district; leaders and supervisors read the companies and
// their scores. Anyone on staff who handles orders may link one to the
// company that served its compound.
var (
	keepRoles = []string{auth.RoleAdmin, auth.RoleStreet, auth.RoleCommunity}
	readRoles = []string{auth.RoleAdmin, auth.RoleStreet, auth.RoleCommunity, auth.RoleLeader, auth.RoleSupervisor,
		auth.RoleDispatcher}
	linkRoles = []string{auth.RoleAdmin, auth.RoleStreet, auth.RoleCommunity, auth.RoleDispatcher}
)

// MayRead reports whether the role reads companies, contracts, committees
// and scores.
func MayRead(role string) bool { return slices.Contains(readRoles, role) }

// MayKeep reports whether the role registers companies and records
// contracts and committees.
func MayKeep(role string) bool { return slices.Contains(keepRoles, role) }

// MayLink reports whether the role links an order to the company that
// served its compound.
func MayLink(role string) bool { return slices.Contains(linkRoles, role) }

func (a Actor) need(roles []string, what string) error {
	// A zero scope covers nothing; without this the lists' LIKE prefix
	// would be "" and match everything.
	if a.Scope.IsZero() || !slices.Contains(roles, a.User.Role) {
		return forbidden("a %q user may not %s — 无权%s", a.User.Role, what, zhWhat[what])
	}
	return nil
}

var zhWhat = map[string]string{
	"read property management":      "查看物业信息",
	"keep property management":      "维护物业信息",
	"link orders to their property": "关联物业工单",
}
