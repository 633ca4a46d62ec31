package volunteer

import (
	"slices"
	"strings"

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

var (
	keepRoles   = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleStreet}
	patrolRoles = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleStreet, auth.RoleGrid}
	readRoles   = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleStreet, auth.RoleGrid, auth.RoleLeader, auth.RoleSupervisor}
)

// MayRead reports whether a staff role reads the volunteers of its area.
func MayRead(role string) bool { return slices.Contains(readRoles, role) }

// MayKeep reports whether a staff role registers volunteers, keeps teams
// and publishes activities in its area.
func MayKeep(role string) bool { return slices.Contains(keepRoles, role) }

// MayPatrol reports whether a staff role records patrols and files their
// findings as orders.
func MayPatrol(role string) bool { return slices.Contains(patrolRoles, role) }

// Actions a volunteer or an activity offers a staff actor.
const (
	ActionReveal  = "reveal"  // a volunteer's name, phone and card link in clear
	ActionAdjust  = "adjust"  // a manual ledger line (奖励/兑换/更正)
	ActionLeave   = "leave"   // record that the volunteer left (退出)
	ActionQR      = "qr"      // show the check-in code of an activity
	ActionConfirm = "confirm" // confirm the hours of those who did not check out
	ActionCancel  = "cancel"  // cancel an activity
)

// area is the region prefix a works in. Volunteers, activities and patrol
// teams belong to communities, not grids, so a grid worker's area is the
// community of their grid (they record its patrols). "" is no area.
func (a Actor) area() string {
	if !MayRead(a.User.Role) {
		return ""
	}
	p := a.Scope.RegionPrefix()
	if len(p) > 12 {
		p = p[:12]
	}
	return p
}

// covers reports whether the community (or street) code lies in a's area.
func (a Actor) covers(code string) bool {
	area := a.area()
	return area != "" && strings.HasPrefix(code, area)
}

// seesTeam reports whether a sees team t: the teams of its area and of the
// street (or district) above it, whose volunteers may live in its
// communities.
func (a Actor) seesTeam(t Team) bool {
	area := a.area()
	return area != "" && (strings.HasPrefix(t.RegionCode, area) || strings.HasPrefix(area, t.RegionCode))
}

// VolunteerActions lists what a may do to v now.
func VolunteerActions(a Actor, v Volunteer) []string {
	if !a.covers(v.CommunityCode) || !MayKeep(a.User.Role) {
		return nil
	}
	if v.Status != StatusActive {
		return []string{ActionReveal}
	}
	return []string{ActionReveal, ActionAdjust, ActionLeave}
}

// ActivityActions lists what a may do to x now.
func ActivityActions(a Actor, x Activity) []string {
	if !a.covers(x.CommunityCode) || !MayKeep(a.User.Role) || x.Status != StatusPublished {
		return nil
	}
	return []string{ActionQR, ActionConfirm, ActionCancel}
}
