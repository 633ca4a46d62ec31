package party

import (
	"slices"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/order"
)

// Actor is a signed-in staff user with the scope the server computed.
type Actor struct {
	User  auth.User
	Scope auth.Scope
	IP    string
}

func (a Actor) audit() audit.Actor { return auth.ActorOf(a.User, a.IP) }

func (a Actor) orderActor() order.Actor { return order.StaffActor(a.User, a.Scope, a.IP) }

// Who may do what: the community keeps its organisations, members, tasks,
// pairs and reception days, the street its communities'; the district (an
// admin, for the 组织部) registers the sending units and assigns cadres, as
// a street may for its communities; leaders and supervisors read.
var (
	keepRoles   = []string{auth.RoleAdmin, auth.RoleStreet, auth.RoleCommunity}
	cadreRoles  = []string{auth.RoleAdmin, auth.RoleStreet}
	unitRoles   = []string{auth.RoleAdmin}
	readRoles   = []string{auth.RoleAdmin, auth.RoleStreet, auth.RoleCommunity, auth.RoleLeader, auth.RoleSupervisor}
	revealRoles = []string{auth.RoleAdmin, auth.RoleStreet, auth.RoleCommunity}
)

// MayRead reports whether the role reads 党建 at all.
func MayRead(role string) bool { return slices.Contains(readRoles, role) }

// MayKeep reports whether the role records organisations, members,
// reports, tasks, pairs and reception days (in its scope).
func MayKeep(role string) bool { return slices.Contains(keepRoles, role) }

// MayAssignCadres reports whether the role assigns 下沉干部.
func MayAssignCadres(role string) bool { return slices.Contains(cadreRoles, role) }

// MayKeepUnits reports whether the role registers the sending units.
func MayKeepUnits(role string) bool { return slices.Contains(unitRoles, role) }

var zhWhat = map[string]string{
	"read party records":   "查看党建信息",
	"keep party records":   "维护党建信息",
	"assign cadres":        "安排干部下沉",
	"register units":       "登记报到单位",
	"reveal personal data": "查看党员个人信息",
}

// need refuses a role not in roles (and an actor whose scope covers
// nothing: the lists' LIKE prefix would otherwise match everything).
func (a Actor) need(roles []string, what string) error {
	if a.Scope.IsZero() || !slices.Contains(roles, a.User.Role) {
		return forbidden("a %q user may not %s — 无权%s", a.User.Role, what, zhWhat[what])
	}
	return nil
}

// keeps reports whether a keeps records of community code.
func (a Actor) keeps(code string) bool {
	return slices.Contains(keepRoles, a.User.Role) && a.Scope.CoversRegion(code)
}

// Actions a member offers.
const (
	ActionReport = "report" // record a 报到
	ActionClaim  = "claim"  // claim a task for the member
	ActionPair   = "pair"   // pair with a household
	ActionReveal = "reveal" // show name, phone and ID number, with a purpose
)

// Actions lists what a may do for member m now. Pages draw their buttons
// from it; every step checks again.
func Actions(a Actor, m Member) []string {
	var out []string
	for _, c := range m.DueCommunities() {
		if a.keeps(c.Code) && !c.Reported {
			out = append(out, ActionReport)
			break
		}
	}
	if a.keeps(m.CommunityCode) || (m.PairedCode != "" && a.keeps(m.PairedCode)) {
		out = append(out, ActionClaim, ActionPair)
	}
	if slices.Contains(revealRoles, a.User.Role) && a.sees(m) {
		out = append(out, ActionReveal)
	}
	return out
}

// sees reports whether m is in a's scope: where they live, or their unit's
// paired community.
func (a Actor) sees(m Member) bool {
	return a.Scope.CoversRegion(m.CommunityCode) || (m.PairedCode != "" && a.Scope.CoversRegion(m.PairedCode))
}
