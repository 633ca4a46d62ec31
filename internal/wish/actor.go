package wish

import (
	"slices"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
)

// Actor is a signed-in staff user with the scope the server computed, or
// a resident without an account (the zero User).
type Actor struct {
	User  auth.User
	Scope auth.Scope
	IP    string
}

// Resident is the actor of a resident on the public pages.
func Resident(ip string) Actor { return Actor{IP: ip} }

func (a Actor) resident() bool { return a.User.Role == "" }

func (a Actor) audit() audit.Actor {
	if a.resident() {
		return audit.Actor{Name: "居民", IP: a.IP}
	}
	return auth.ActorOf(a.User, a.IP)
}

var (
	postRoles   = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleGrid}
	reviewRoles = []string{auth.RoleAdmin, auth.RoleCommunity}
	fulfilRoles = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleGrid}
	readRoles   = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleGrid, auth.RoleStreet, auth.RoleLeader}
	revealRoles = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleGrid}
)

// MayRead reports whether a staff role reads the wishes of its area.
func MayRead(role string) bool { return slices.Contains(readRoles, role) }

// MayPost reports whether a staff role posts wishes for residents.
func MayPost(role string) bool { return slices.Contains(postRoles, role) }

// Actions a wish offers.
const (
	ActionApprove = "approve"
	ActionReject  = "reject"
	ActionClaim   = "claim"
	ActionFulfil  = "fulfil"
	ActionReveal  = "reveal"
)

// covers reports whether the wish lies in a's scope (a grid worker's: its
// grid; a wish without a grid belongs to the community's staff).
func (a Actor) covers(w Wish) bool {
	if w.GridCode != "" {
		return a.Scope.CoversRegion(w.GridCode)
	}
	return a.Scope.CoversRegion(w.CommunityCode)
}

// Actions lists what a may do to w now.
func Actions(a Actor, w Wish) []string {
	var out []string
	if a.resident() {
		if w.Status == StatusApproved {
			out = append(out, ActionClaim)
		}
		return out
	}
	if !a.covers(w) {
		return nil
	}
	role := a.User.Role
	switch w.Status {
	case StatusPending:
		if slices.Contains(reviewRoles, role) {
			out = append(out, ActionApprove, ActionReject)
		}
	case StatusApproved:
		if slices.Contains(postRoles, role) {
			out = append(out, ActionClaim)
		}
	case StatusClaimed:
		if slices.Contains(fulfilRoles, role) {
			out = append(out, ActionFulfil)
		}
	}
	if slices.Contains(revealRoles, role) {
		out = append(out, ActionReveal)
	}
	return out
}

func (a Actor) need(w Wish, action string) error {
	if slices.Contains(Actions(a, w), action) {
		return nil
	}
	if action == ActionClaim && (w.Status == StatusClaimed || w.Status == StatusFulfilled) {
		return ErrClaimed
	}
	if a.resident() {
		return notFound(w.ID)
	}
	if w.Status != statusFor[action] && statusFor[action] != "" {
		return conflict("wish %d is %s: it cannot be %sed now — 心愿当前状态不能进行此操作", w.ID, w.Status, action)
	}
	return forbidden("a %q user may not %s wish %d — 无权进行此操作", a.User.Role, action, w.ID)
}

// statusFor is the status an action needs.
var statusFor = map[string]string{ActionApprove: StatusPending, ActionReject: StatusPending, ActionClaim: StatusApproved, ActionFulfil: StatusClaimed}
