package care

import (
	"context"
	"slices"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// Actor is a signed-in user working with care groups.
type Actor struct {
	User  auth.User
	Scope auth.Scope
	IP    string
}

func (a Actor) audit() audit.Actor { return auth.ActorOf(a.User, a.IP) }

// Who may do what (docs/design.md §13). The person's community and grid
// staff keep the groups: they enrol and end members and record visits,
// and see members by (masked) name. An admin sets the visit plans and
// grants roles the right to see a group's members by name; a granted role
// reads, within its own scope, and does not edit. Everyone else with a
// region scope sees counts.
var keeperRoles = []string{auth.RoleCommunity, auth.RoleGrid}

// MayKeep reports whether the role enrols members and records visits.
func MayKeep(role string) bool { return slices.Contains(keeperRoles, role) }

// MayPlan reports whether the role sets visit plans and grants.
func MayPlan(role string) bool { return role == auth.RoleAdmin }

// MayCount reports whether the actor sees counts (any staff with a region).
func (a Actor) MayCount() bool { return !a.Scope.IsZero() }

// namedGroups is the set of groups whose members the actor sees by name:
// all for keepers, the granted ones for other roles.
func (s *Service) namedGroups(ctx context.Context, q store.Querier, a Actor) (map[string]bool, error) {
	out := map[string]bool{}
	if a.Scope.IsZero() {
		return out, nil
	}
	var codes []string
	var err error
	if MayKeep(a.User.Role) {
		codes, err = store.Strings(q.QueryContext(ctx, `SELECT code FROM care_groups`))
	} else {
		codes, err = store.Strings(q.QueryContext(ctx, `SELECT group_code FROM care_grants WHERE role = ?`, a.User.Role))
	}
	for _, c := range codes {
		out[c] = true
	}
	return out, err
}

// MaySeeNames reports whether the actor sees any group's members by name
// (pages use it to offer the member lists).
func (s *Service) MaySeeNames(ctx context.Context, a Actor) (bool, error) {
	g, err := s.namedGroups(ctx, s.DB, a)
	return len(g) > 0, err
}

// MayOpenPages reports whether the role has the care pages: the keepers
// (members by name), and streets, leaders and admins (counts, plans).
// Other roles granted a group read it through the API.
func MayOpenPages(role string) bool {
	return MayKeep(role) || role == auth.RoleStreet || role == auth.RoleLeader || role == auth.RoleAdmin
}

// MayOpenLog reports whether the role has the grid log page: a worker's
// own day, and the community reading its workers' days.
func MayOpenLog(role string) bool { return MayKeep(role) }
