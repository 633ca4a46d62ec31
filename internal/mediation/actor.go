package mediation

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

// Who may do what: community and street staff (and admins) keep cases,
// each at its own level; leaders and supervisors read them and the
// measures. Nobody else sees a case.
var (
	workRoles = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleStreet}
	readRoles = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleStreet, auth.RoleLeader, auth.RoleSupervisor}
)

// MayRead reports whether the role reads mediation cases at all.
func MayRead(role string) bool { return slices.Contains(readRoles, role) }

// MayOpen reports whether the role opens cases (its community's, or for a
// street, its communities').
func MayOpen(role string) bool { return slices.Contains(workRoles, role) }

// Actions a case offers.
const (
	ActionParty    = "party"    // add a party
	ActionSession  = "session"  // record a sitting
	ActionEscalate = "escalate" // 转交街道综治中心
	ActionClose    = "close"    // record the outcome
	ActionReveal   = "reveal"   // show the parties' names and phones, with a purpose
)

// works reports whether a works the case now: its level's staff in scope.
func (a Actor) works(c Case) bool {
	if !a.Scope.CoversRegion(c.CommunityCode) {
		return false
	}
	switch a.User.Role {
	case auth.RoleAdmin:
		return true
	case auth.RoleCommunity:
		return c.Level == LevelCommunity
	case auth.RoleStreet:
		return c.Level == LevelStreet
	}
	return false
}

// Actions lists what a may do to c now. Pages draw their buttons from it;
// every step checks again on submit.
func Actions(a Actor, c Case) []string {
	var out []string
	if c.Status == StatusOpen && a.works(c) {
		out = append(out, ActionParty, ActionSession)
		if c.Level == LevelCommunity {
			out = append(out, ActionEscalate)
		}
		out = append(out, ActionClose)
	}
	if slices.Contains(workRoles, a.User.Role) && a.Scope.CoversRegion(c.CommunityCode) {
		out = append(out, ActionReveal)
	}
	return out
}

func (a Actor) need(c Case, action string) error {
	if slices.Contains(Actions(a, c), action) {
		return nil
	}
	if c.Status == StatusClosed {
		return conflict("case %d is closed (%s): nothing more can be recorded — 案件已结案", c.ID, Zh(c.Outcome))
	}
	if action == ActionEscalate && c.Level == LevelStreet {
		return conflict("case %d is at the street already: the street settles it or refers it to court — 大事不出街道，案件已在街道", c.ID)
	}
	return forbidden("a %q user may not %s case %d at the %s level — 无权办理此调解案件", a.User.Role, action, c.ID, c.Level)
}
