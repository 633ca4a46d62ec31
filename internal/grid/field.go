package grid

import (
	"context"
	"slices"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// fieldRoles work on the ground in the grids they are posted to (grid
// members, building and unit heads) rather than over a part of the org
// tree: grid workers and grid heads, and building heads (楼长/单元长).
var fieldRoles = []string{auth.RoleGrid, auth.RoleBuilding}

// WorksInField reports whether role works on the ground: a phone desk of
// their own grids (or of their own reports, for a building head) and the
// patrol report filed from where they stand.
func WorksInField(role string) bool { return slices.Contains(fieldRoles, role) }

// FieldGrids are the grids u files reports in: a building head's, the
// grids of the buildings they serve; anyone else's, the grids they are a
// member of. Each grid once, in the order of u's posts.
func FieldGrids(ctx context.Context, q store.Querier, u auth.User) ([]Member, error) {
	if u.Role != auth.RoleBuilding {
		return GridsOfUser(ctx, q, u.ID)
	}
	buildings, err := BuildingsOfUser(ctx, q, u.ID)
	if err != nil {
		return nil, err
	}
	var out []Member
	seen := map[string]bool{}
	for _, b := range buildings {
		if seen[b.GridCode] {
			continue
		}
		seen[b.GridCode] = true
		g, err := Get(ctx, q, b.GridCode)
		if err != nil {
			return nil, err
		}
		out = append(out, Member{GridCode: g.Code, GridName: g.Name, UserID: u.ID})
	}
	return out, nil
}

// BuildingsOfUser are the buildings a user is 楼长 of, or 单元长 of one of
// its units, each once.
func BuildingsOfUser(ctx context.Context, q store.Querier, userID int64) ([]Building, error) {
	posts, err := BuildingRolesOfUser(ctx, q, userID)
	if err != nil {
		return nil, err
	}
	var out []Building
	seen := map[string]bool{}
	for _, p := range posts {
		if seen[p.BuildingCode] {
			continue
		}
		seen[p.BuildingCode] = true
		b, err := GetBuilding(ctx, q, p.BuildingCode)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}
