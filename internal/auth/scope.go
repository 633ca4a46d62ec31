package auth

import (
	"context"
	"fmt"
	"strings"

	"civicgrid/internal/store"
)

// Scope is the part of the data a user may read and change: the server-side
// rule for every query. Region codes (2/4/6/9/12 digits) and grid codes
// (12-digit community + 3) are hierarchical, so a subtree is a code prefix.
//
//   - A node user covers the subtree under its node. A grid-role user who
//     is a member of exactly one grid under its node covers only that grid
//     (ScopeForUser narrows it; "a grid worker sees the grid").
//   - A department user covers, for regions and grids, the region its
//     department serves and, for department things, its own department.
//   - A disabled user, or the zero Scope, covers nothing.
//
// Users are covered by where they sit (CoversUser): a node user by its node,
// a department user by its department (CoversDepartmentAt). Everyone covers
// themselves.
type Scope struct {
	prefix     string // region/grid code prefix; "" covers no region
	department string // own department, for department users
	self       int64
}

// ScopeOf builds the scope of u. deptRegion is the region served by u's
// department (departments.region_code); when "" u.DepartmentRegion is used.
// It does not narrow grid workers to their grid: use ScopeForUser.
func ScopeOf(u User, deptRegion string) Scope {
	if u.Disabled {
		return Scope{}
	}
	if u.NodeCode != "" {
		return Scope{prefix: codeOrNothing(u.NodeCode), self: u.ID}
	}
	if deptRegion == "" {
		deptRegion = u.DepartmentRegion
	}
	if u.DepartmentCode == "" || codeOrNothing(deptRegion) == "" {
		return Scope{}
	}
	return Scope{prefix: deptRegion, department: u.DepartmentCode, self: u.ID}
}

// ScopeForUser builds u's scope from the database: it reads the region of
// u's department, and narrows a grid-role user who belongs to exactly one
// grid under its node to that grid.
func ScopeForUser(ctx context.Context, q store.Querier, u User) (Scope, error) {
	if u.DepartmentCode != "" {
		var region string
		err := q.QueryRowContext(ctx, `SELECT region_code FROM departments WHERE code = ?`, u.DepartmentCode).Scan(&region)
		if err := notFound(err, "department %q", u.DepartmentCode); err != nil {
			return Scope{}, err
		}
		return ScopeOf(u, region), nil
	}
	s := ScopeOf(u, "")
	if u.Role != RoleGrid || s.prefix == "" {
		return s, nil
	}
	grids, err := memberGrids(ctx, q, u.ID)
	if err != nil {
		return Scope{}, err
	}
	if len(grids) == 1 && strings.HasPrefix(grids[0], s.prefix) {
		s.prefix = grids[0]
	}
	return s, nil
}

func memberGrids(ctx context.Context, q store.Querier, userID int64) ([]string, error) {
	out, err := store.Strings(q.QueryContext(ctx, `SELECT grid_code FROM grid_members WHERE user_id = ? ORDER BY grid_code`, userID))
	if err != nil {
		return nil, fmt.Errorf("auth: grid membership: %w", err)
	}
	return out, nil
}

// CoversRegion reports whether a region or grid code lies in the scope.
func (s Scope) CoversRegion(code string) bool {
	return s.prefix != "" && strings.HasPrefix(code, s.prefix)
}

// CoversDepartment reports whether the scope holds the things of a
// department by its code alone: true only for a department user's own
// department. Node users reach departments through their region: use
// CoversDepartmentAt.
func (s Scope) CoversDepartment(code string) bool {
	return s.department != "" && code == s.department
}

// CoversDepartmentAt reports whether the scope holds the things of the
// department code serving regionCode: a department user's own department,
// or for a node user a department whose region lies in its subtree.
func (s Scope) CoversDepartmentAt(code, regionCode string) bool {
	if s.department != "" {
		return code == s.department
	}
	return s.CoversRegion(regionCode)
}

// CoversUser reports whether other is in the scope: a node user when its
// node lies in the scope's regions, a department user when its department
// is covered by CoversDepartmentAt (other.DepartmentRegion must be filled,
// as every read in this package does). So a node user sees node users in
// its subtree and the users of departments serving it; a department user
// sees node users in its department's region and its own colleagues.
func (s Scope) CoversUser(other User) bool {
	if s.prefix == "" {
		return false
	}
	if other.ID != 0 && other.ID == s.self {
		return true
	}
	if other.NodeCode != "" {
		return s.CoversRegion(other.NodeCode)
	}
	return other.DepartmentCode != "" && s.CoversDepartmentAt(other.DepartmentCode, other.DepartmentRegion)
}

// RegionPrefix is the code prefix for SQL filters (code LIKE prefix || '%');
// it is digits only. "" means the scope covers nothing: filter everything out.
func (s Scope) RegionPrefix() string { return s.prefix }

// DepartmentCode is the department a department user's scope holds; "" for
// node users.
func (s Scope) DepartmentCode() string { return s.department }

// IsZero reports whether the scope covers nothing.
func (s Scope) IsZero() bool { return s.prefix == "" }

// codeOrNothing returns code if it is a plain digit code, else "" so that a
// malformed node never turns into a wide LIKE pattern.
func codeOrNothing(code string) string {
	if code == "" || strings.Trim(code, "0123456789") != "" {
		return ""
	}
	return code
}
