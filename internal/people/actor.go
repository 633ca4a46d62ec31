package people

import (
	"context"
	"slices"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// Actor is a staff user working with the register. Buildings lists the
// buildings a 楼长/单元长 serves (ActorFor fills it); a building-role user
// sees only the people of those buildings.
type Actor struct {
	Role      string
	Scope     auth.Scope
	UserID    int64
	Buildings []string
	Audit     audit.Actor
}

// ActorFor is the Actor of a signed-in user.
func ActorFor(ctx context.Context, q store.Querier, u auth.User, scope auth.Scope, ip string) (Actor, error) {
	a := Actor{Role: u.Role, Scope: scope, UserID: u.ID, Audit: auth.ActorOf(u, ip)}
	if u.Role == auth.RoleBuilding {
		posts, err := grid.BuildingRolesOfUser(ctx, q, u.ID)
		if err != nil {
			return Actor{}, err
		}
		for _, p := range posts {
			if !slices.Contains(a.Buildings, p.BuildingCode) {
				a.Buildings = append(a.Buildings, p.BuildingCode)
			}
		}
	}
	return a, nil
}

// CommandLine is the Actor of the civicgrid command over the province of
// code (the command line's owner runs the whole deployment).
func CommandLine(code string) Actor {
	ed := grid.CommandLine(code)
	return Actor{Role: ed.Role, Scope: ed.Scope}
}

// Who may do what (docs/design.md §8): the community, its grid workers and
// 楼长/单元长 see the people of their community, grid or building by
// (masked) name; streets and leaders see counts only. The community and
// grid workers keep the register and reveal with a purpose; 楼长/单元长
// report changes, which the community confirms.
var (
	nameRoles    = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleGrid, auth.RoleBuilding}
	editRoles    = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleGrid}
	revealRoles  = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleGrid}
	reportRoles  = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleGrid, auth.RoleBuilding}
	decideRoles  = []string{auth.RoleAdmin, auth.RoleCommunity}
	countRoles   = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleGrid, auth.RoleBuilding, auth.RoleStreet, auth.RoleLeader}
	errCountOnly = "只能查看人口统计数 (this role sees counts only)"
)

// MaySeeNames reports whether the role sees people by (masked) name.
func MaySeeNames(role string) bool { return slices.Contains(nameRoles, role) }

// MayEdit reports whether the role keeps the register.
func MayEdit(role string) bool { return slices.Contains(editRoles, role) }

// MayReveal reports whether the role may reveal a person's data with a purpose.
func MayReveal(role string) bool { return slices.Contains(revealRoles, role) }

// MayReport reports whether the role may report a change.
func MayReport(role string) bool { return slices.Contains(reportRoles, role) }

// MayDecide reports whether the role confirms or rejects reported changes.
func MayDecide(role string) bool { return slices.Contains(decideRoles, role) }

// MayCount reports whether the role sees the register's counts.
func MayCount(role string) bool { return slices.Contains(countRoles, role) }

// covers reports whether a person (or house) at grid and building lies in
// the actor's scope.
func (a Actor) covers(gridCode, buildingCode string) bool {
	if !a.Scope.CoversRegion(gridCode) {
		return false
	}
	return a.ServesBuilding(buildingCode)
}

// ServesBuilding reports whether a works with the people of building code:
// a 楼长/单元长 only those of their own buildings, anyone else every
// building (their scope narrows by place).
func (a Actor) ServesBuilding(code string) bool {
	return a.Role != auth.RoleBuilding || (code != "" && slices.Contains(a.Buildings, code))
}

func (a Actor) need(roles []string, what string) error {
	if !slices.Contains(roles, a.Role) {
		if slices.Contains(countRoles, a.Role) {
			return forbidden("%s: %s", what, errCountOnly)
		}
		return forbidden("a %q user may not %s", a.Role, what)
	}
	return nil
}

func (a Actor) editor() grid.Editor {
	return grid.Editor{Role: a.Role, Scope: a.Scope, Actor: a.Audit}
}
