package grid_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func addUserAs(t *testing.T, db *store.DB, username, role, node string) int64 {
	t.Helper()
	var id int64
	if err := db.QueryRowContext(context.Background(), `INSERT INTO users (username, display_name, role, node_code, password_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'x', 1, 1) RETURNING id`, username, username, role, node).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func editor(role, node string) grid.Editor {
	return grid.Editor{Role: role, Scope: auth.ScopeOf(auth.User{ID: 99, Role: role, NodeCode: node}, "")}
}

func TestStaffingByRoleAndScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		g1, _ := importTwoGrids(t, db)
		worker := addUserAs(t, db, "w1", auth.RoleGrid, communA)
		volunteer := addUserAs(t, db, "v1", auth.RoleBuilding, communA)
		outsider := addUserAs(t, db, "o1", auth.RoleGrid, otherCode)
		b, err := grid.CreateBuildingAs(ctx, db, editor(auth.RoleCommunity, communA), grid.Building{GridCode: g1, Name: "1号楼"})
		if err != nil {
			t.Fatal(err)
		}

		// Every role against a grid post in and out of its scope.
		cases := []struct {
			role, node string
			want       error
		}{
			{auth.RoleAdmin, "210504", nil},
			{auth.RoleStreet, street, nil},
			{auth.RoleCommunity, communA, nil},
			{auth.RoleCommunity, communB, grid.ErrNotFound},
			{auth.RoleStreet, "210504003", grid.ErrNotFound},
			{auth.RoleGrid, communA, grid.ErrForbidden},
			{auth.RoleBuilding, communA, grid.ErrForbidden},
			{auth.RoleOperator, "210504", grid.ErrForbidden},
			{auth.RoleDispatcher, "210504", grid.ErrForbidden},
			{auth.RoleLeader, "210504", grid.ErrForbidden},
			{auth.RoleSupervisor, "210504", grid.ErrForbidden},
		}
		for _, c := range cases {
			err := grid.Appoint(ctx, db, editor(c.role, c.node), g1, worker, grid.RoleWorker, "兼职")
			if (c.want == nil) != (err == nil) || (c.want != nil && !errors.Is(err, c.want)) {
				t.Errorf("%s at %s appoints: %v, want %v", c.role, c.node, err, c.want)
			}
			if c.want == nil {
				if err := grid.Dismiss(ctx, db, editor(c.role, c.node), g1, worker); err != nil {
					t.Errorf("%s dismisses: %v", c.role, err)
				}
			}
		}
		ed := editor(auth.RoleCommunity, communA)
		if err := grid.Appoint(ctx, db, ed, g1, worker, grid.RoleHead, ""); err != nil {
			t.Fatal(err)
		}
		ms, err := grid.Members(ctx, db, g1)
		if err != nil || len(ms) != 1 || ms[0].Role != grid.RoleHead || ms[0].Duty != grid.DutyFull {
			t.Fatalf("members %+v, %v", ms, err)
		}
		if err := grid.Appoint(ctx, db, ed, g1, volunteer, grid.RoleWorker, ""); !errors.Is(err, grid.ErrInvalid) {
			t.Errorf("a building user as 网格员: %v", err)
		}
		if err := grid.Appoint(ctx, db, ed, g1, outsider, grid.RoleWorker, ""); !errors.Is(err, grid.ErrUserNotFound) {
			t.Errorf("another community's user: %v", err)
		}
		if err := grid.Appoint(ctx, db, ed, g1, worker, grid.RoleHead, "sometimes"); !errors.Is(err, grid.ErrInvalid) {
			t.Errorf("bad duty: %v", err)
		}
		if err := grid.AppointBuilding(ctx, db, ed, b.Code, "", volunteer, grid.RoleBuildingHead, ""); err != nil {
			t.Fatal(err)
		}
		bm, err := grid.BuildingMembers(ctx, db, b.Code)
		if err != nil || len(bm) != 1 || bm[0].Duty != grid.DutyPart {
			t.Fatalf("building members %+v, %v", bm, err)
		}
		if err := grid.AppointBuilding(ctx, db, editor(auth.RoleCommunity, communB), b.Code, "", volunteer, grid.RoleBuildingHead, ""); !errors.Is(err, grid.ErrNotFound) {
			t.Errorf("other community appoints 楼长: %v", err)
		}
		// Retiring the building ends its posts; a unit in it blocks that first.
		un, err := grid.CreateUnitAs(ctx, db, ed, b.Code, "1单元")
		if err != nil {
			t.Fatal(err)
		}
		if err := grid.RetireBuilding(ctx, db, ed, b.Code); !errors.Is(err, grid.ErrInUse) {
			t.Errorf("retire building with a unit: %v", err)
		}
		if err := grid.RetireUnit(ctx, db, ed, un.Code); err != nil {
			t.Fatal(err)
		}
		if err := grid.RetireBuilding(ctx, db, ed, b.Code); err != nil {
			t.Fatal(err)
		}
		if bs, _ := grid.ListBuildings(ctx, db, g1); len(bs) != 0 {
			t.Errorf("retired building listed: %+v", bs)
		}
		if bm, _ := grid.BuildingMembers(ctx, db, b.Code); len(bm) != 0 {
			t.Errorf("retired building keeps posts: %+v", bm)
		}
		var audits int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'grid.member.%' OR action LIKE 'building.%'`).Scan(&audits)
		if audits == 0 {
			t.Errorf("no audit entries")
		}
	})
}
