package auth_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// codes checked against every scope, in this order.
var probeCodes = []string{city, district, street, community, community2, grid, grid2, district2, street2, community3, grid3, "3302", "33"}

func TestScopeRegionMatrix(t *testing.T) {
	users := map[string]auth.User{
		"city":      {ID: 1, NodeCode: city},
		"district":  {ID: 2, NodeCode: district},
		"street":    {ID: 3, NodeCode: street},
		"community": {ID: 4, NodeCode: community},
		"grid":      {ID: 5, NodeCode: grid}, // a grid-level node, as ScopeForUser narrows grid workers to
		"dept cg":   {ID: 6, DepartmentCode: "cg", Role: auth.RoleDepartment},
	}
	// x = covered, . = not, in probeCodes order.
	want := map[string]string{
		//           city district street community community2 grid grid2 district2 street2 community3 grid3 3302 33
		"city":      "x x x x x x x x x x x . .",
		"district":  ". x x x x x x . . . . . .",
		"street":    ". . x x x x x . . . . . .",
		"community": ". . . x . x x . . . . . .",
		"grid":      ". . . . . x . . . . . . .",
		"dept cg":   ". x x x x x x . . . . . .",
	}
	for name, u := range users {
		s := auth.ScopeOf(u, district) // deptRegion only matters for the department user
		marks := strings.Fields(want[name])
		if len(marks) != len(probeCodes) {
			t.Fatalf("%s: %d marks for %d codes", name, len(marks), len(probeCodes))
		}
		for i, code := range probeCodes {
			if got := s.CoversRegion(code); got != (marks[i] == "x") {
				t.Errorf("%s covers %s = %v, want %v", name, code, got, marks[i] == "x")
			}
		}
	}
	if p := auth.ScopeOf(users["street"], "").RegionPrefix(); p != street {
		t.Errorf("street RegionPrefix = %q", p)
	}
	dept := auth.ScopeOf(users["dept cg"], district)
	if dept.RegionPrefix() != district || dept.DepartmentCode() != "cg" {
		t.Errorf("department scope: prefix %q department %q", dept.RegionPrefix(), dept.DepartmentCode())
	}
	// A department user's region comes from the argument, else from the user.
	if s := auth.ScopeOf(auth.User{DepartmentCode: "sw", DepartmentRegion: district2}, ""); !s.CoversRegion(grid3) || s.CoversRegion(grid) {
		t.Error("department scope from User.DepartmentRegion is wrong")
	}

	// Scopes that must cover nothing.
	nothing := map[string]auth.Scope{
		"zero":                   {},
		"disabled":               auth.ScopeOf(auth.User{NodeCode: city, Disabled: true}, ""),
		"no node, no department": auth.ScopeOf(auth.User{ID: 9}, ""),
		"department w/o region":  auth.ScopeOf(auth.User{DepartmentCode: "cg"}, ""),
		"pattern in node":        auth.ScopeOf(auth.User{NodeCode: "33%"}, ""),
		"empty-looking node":     auth.ScopeOf(auth.User{NodeCode: "_"}, ""),
	}
	for name, s := range nothing {
		if !s.IsZero() || s.RegionPrefix() != "" || s.CoversRegion(city) || s.CoversRegion("") ||
			s.CoversDepartment("cg") || s.CoversUser(auth.User{ID: 9, NodeCode: city}) {
			t.Errorf("%s scope covers something", name)
		}
	}
}

func TestScopeDepartmentsAndUsers(t *testing.T) {
	cityS := auth.ScopeOf(auth.User{ID: 1, NodeCode: city}, "")
	districtS := auth.ScopeOf(auth.User{ID: 2, NodeCode: district}, "")
	streetS := auth.ScopeOf(auth.User{ID: 3, NodeCode: street}, "")
	cgS := auth.ScopeOf(auth.User{ID: 6, DepartmentCode: "cg"}, district)

	// By code alone only a department's own users cover it.
	if !cgS.CoversDepartment("cg") || cgS.CoversDepartment("sw") || cityS.CoversDepartment("cg") {
		t.Error("CoversDepartment wrong")
	}
	deptCases := []struct {
		s            auth.Scope
		name         string
		code, region string
		want         bool
	}{
		{cityS, "city", "cg", district, true},
		{cityS, "city", "gj", city, true},
		{districtS, "district", "cg", district, true},
		{districtS, "district", "sw", district2, false},
		{districtS, "district", "gj", city, false}, // a city department is above the district
		{streetS, "street", "cg", district, false},
		{cgS, "cg", "cg", district, true},
		{cgS, "cg", "cg2", district, false}, // another department in the same region
	}
	for _, c := range deptCases {
		if got := c.s.CoversDepartmentAt(c.code, c.region); got != c.want {
			t.Errorf("%s CoversDepartmentAt(%s, %s) = %v, want %v", c.name, c.code, c.region, got, c.want)
		}
	}

	others := map[string]auth.User{
		"self street":     {ID: 3, NodeCode: street},
		"community user":  {ID: 10, NodeCode: community},
		"district user":   {ID: 11, NodeCode: district},
		"district2 user":  {ID: 12, NodeCode: community3},
		"cg colleague":    {ID: 13, DepartmentCode: "cg", DepartmentRegion: district},
		"sw user":         {ID: 14, DepartmentCode: "sw", DepartmentRegion: district2},
		"city dept user":  {ID: 15, DepartmentCode: "gj", DepartmentRegion: city},
		"other cg-region": {ID: 16, DepartmentCode: "hb", DepartmentRegion: district},
	}
	wantUsers := map[string][]string{
		"city":     {"self street", "community user", "district user", "district2 user", "cg colleague", "sw user", "city dept user", "other cg-region"},
		"district": {"self street", "community user", "district user", "cg colleague", "other cg-region"},
		"street":   {"self street", "community user"},
		"cg":       {"self street", "community user", "district user", "cg colleague"},
	}
	for name, s := range map[string]auth.Scope{"city": cityS, "district": districtS, "street": streetS, "cg": cgS} {
		for other, u := range others {
			want := slices.Contains(wantUsers[name], other)
			if got := s.CoversUser(u); got != want {
				t.Errorf("%s covers %s = %v, want %v", name, other, got, want)
			}
		}
	}
	// Everyone covers themselves, even a grid worker narrowed below its node.
	if !cgS.CoversUser(auth.User{ID: 6, DepartmentCode: "cg", DepartmentRegion: district}) {
		t.Error("a department user does not cover itself")
	}
}

func TestScopeForUserAndListUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		mk := func(name, role, node, dept string) auth.User {
			return mustCreate(t, db, auth.NewUser{Username: name, Role: role, NodeCode: node, DepartmentCode: dept})
		}
		cityAdmin := mk("cityadmin", auth.RoleAdmin, city, "")
		districtU := mk("districtu", auth.RoleDispatcher, district, "")
		streetU := mk("streetu", auth.RoleStreet, street, "")
		communityU := mk("communityu", auth.RoleCommunity, community, "")
		gridU := mk("gridu", auth.RoleGrid, community, "")
		twoGrids := mk("twogrids", auth.RoleGrid, community, "")
		district2U := mk("district2u", auth.RoleLeader, community3, "")
		cgU := mk("cgu", auth.RoleDepartment, "", "cg")
		swU := mk("swu", auth.RoleDepartment, "", "sw")
		gjU := mk("gju", auth.RoleSupervisor, "", "gj")
		mustExec(t, db, `INSERT INTO grid_members (grid_code, user_id, role) VALUES (?, ?, 'worker')`, grid, gridU.ID)
		mustExec(t, db, `INSERT INTO grid_members (grid_code, user_id, role) VALUES (?, ?, 'worker'), (?, ?, 'head')`,
			grid, twoGrids.ID, grid2, twoGrids.ID)
		all := []auth.User{cityAdmin, districtU, streetU, communityU, gridU, twoGrids, district2U, cgU, swU, gjU}

		scopeOf := func(u auth.User) auth.Scope {
			s, err := auth.ScopeForUser(ctx, db, u)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		// ScopeForUser reads the department's region and narrows a grid
		// worker with one grid to it.
		if s := scopeOf(cgU); s.RegionPrefix() != district || s.DepartmentCode() != "cg" {
			t.Errorf("cg scope: %q %q", s.RegionPrefix(), s.DepartmentCode())
		}
		if s := scopeOf(gridU); s.RegionPrefix() != grid || !s.CoversRegion(grid) || s.CoversRegion(grid2) || s.CoversRegion(community) {
			t.Errorf("grid worker scope: %q", s.RegionPrefix())
		}
		if s := scopeOf(twoGrids); s.RegionPrefix() != community {
			t.Errorf("worker of two grids: scope %q, want the community", s.RegionPrefix())
		}
		if s := scopeOf(communityU); s.RegionPrefix() != community {
			t.Errorf("community scope %q", s.RegionPrefix())
		}
		if _, err := auth.ScopeForUser(ctx, db, auth.User{DepartmentCode: "nope"}); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("unknown department: %v, want ErrNotFound", err)
		}

		names := func(us []auth.User) string {
			var out []string
			for _, u := range us {
				out = append(out, u.Username)
			}
			slices.Sort(out)
			return strings.Join(out, ",")
		}
		want := map[string]string{
			"cityadmin":  "cgu,cityadmin,communityu,district2u,districtu,gju,gridu,streetu,swu,twogrids",
			"districtu":  "cgu,communityu,districtu,gridu,streetu,twogrids",
			"streetu":    "communityu,gridu,streetu,twogrids",
			"communityu": "communityu,gridu,twogrids",
			"gridu":      "gridu",
			"cgu":        "cgu,communityu,districtu,gridu,streetu,twogrids",
			"swu":        "district2u,swu",
			"gju":        "cityadmin,communityu,district2u,districtu,gju,gridu,streetu,twogrids",
		}
		for _, u := range all {
			w, ok := want[u.Username]
			if !ok {
				continue
			}
			s := scopeOf(u)
			listed, err := auth.ListUsers(ctx, db, s, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := names(listed); got != w {
				t.Errorf("%s lists %s, want %s", u.Username, got, w)
			}
			// The SQL filter and CoversUser are one rule.
			var covered []auth.User
			for _, o := range all {
				if s.CoversUser(o) {
					covered = append(covered, o)
				}
			}
			if names(covered) != names(listed) {
				t.Errorf("%s: CoversUser says %s, ListUsers says %s", u.Username, names(covered), names(listed))
			}
		}
		// Paging, ordered by username.
		page, err := auth.ListUsers(ctx, db, scopeOf(cityAdmin), 3, 2)
		if err != nil || names(page) != "communityu,district2u,districtu" || page[0].Username != "communityu" {
			t.Errorf("page 2 of 3: %s, %v", names(page), err)
		}
		if none, err := auth.ListUsers(ctx, db, auth.Scope{}, 0, 0); err != nil || len(none) != 0 {
			t.Errorf("zero scope lists %d users, %v", len(none), err)
		}
	})
}

func TestRoles(t *testing.T) {
	roles := auth.Roles()
	if len(roles) != 10 || roles[0] != auth.RoleOperator || roles[9] != auth.RoleAdmin {
		t.Fatalf("Roles() = %v", roles)
	}
	roles[0] = "mutated"
	if auth.Roles()[0] != auth.RoleOperator || auth.IsRole("mutated") {
		t.Fatal("Roles() exposes the internal list")
	}
	for _, r := range auth.Roles() {
		if !auth.IsRole(r) || auth.CanAdminister(r) != (r == auth.RoleAdmin) {
			t.Errorf("role %s: IsRole/CanAdminister wrong", r)
		}
	}
	if auth.IsRole("Admin") || auth.IsRole("") {
		t.Error("IsRole accepts an unknown code")
	}
}
