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

// TestRenameUnitByRoleAndScope: every role renames a unit in and out of
// its scope; a bad name or a retired unit is refused.
func TestRenameUnitByRoleAndScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		g1, _ := importTwoGrids(t, db)
		ed := editor(auth.RoleCommunity, communA)
		b, err := grid.CreateBuildingAs(ctx, db, ed, grid.Building{GridCode: g1, Name: "1号楼"})
		if err != nil {
			t.Fatal(err)
		}
		u, err := grid.CreateUnitAs(ctx, db, ed, b.Code, "1单元")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			role, node string
			want       error
		}{
			{auth.RoleAdmin, "210504", nil},
			{auth.RoleStreet, street, nil},
			{auth.RoleCommunity, communA, nil},
			{auth.RoleGrid, communA, nil},
			{auth.RoleCommunity, communB, grid.ErrNotFound},
			{auth.RoleStreet, "210504003", grid.ErrNotFound},
			{auth.RoleBuilding, communA, grid.ErrForbidden},
			{auth.RoleOperator, "210504", grid.ErrForbidden},
			{auth.RoleDispatcher, "210504", grid.ErrForbidden},
			{auth.RoleLeader, "210504", grid.ErrForbidden},
			{auth.RoleSupervisor, "210504", grid.ErrForbidden},
			{auth.RoleDepartment, "210504", grid.ErrForbidden},
		} {
			_, err := grid.RenameUnit(ctx, db, editor(c.role, c.node), u.Code, "一单元")
			if (c.want == nil) != (err == nil) || (c.want != nil && !errors.Is(err, c.want)) {
				t.Errorf("%s at %s: %v, want %v", c.role, c.node, err, c.want)
			}
		}
		if _, err := grid.RenameUnit(ctx, db, ed, u.Code, "  "); !errors.Is(err, grid.ErrInvalid) {
			t.Errorf("empty name: %v", err)
		}
		got, err := grid.RenameUnit(ctx, db, ed, u.Code, "东单元")
		if err != nil || got.Name != "东单元" {
			t.Fatalf("rename: %+v %v", got, err)
		}
		if err := grid.RetireUnit(ctx, db, ed, u.Code); err != nil {
			t.Fatal(err)
		}
		if _, err := grid.RenameUnit(ctx, db, ed, u.Code, "西单元"); !errors.Is(err, grid.ErrInvalid) {
			t.Errorf("retired unit: %v", err)
		}
	})
}
