package grid_test

import (
	"context"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestWorksInField(t *testing.T) {
	t.Parallel()
	for _, role := range auth.Roles() {
		want := role == auth.RoleGrid || role == auth.RoleBuilding
		if got := grid.WorksInField(role); got != want {
			t.Errorf("WorksInField(%q) = %v", role, got)
		}
	}
}

// A building head files in the grids of their buildings (each once, a
// 单元长 post in a building counting as that building); a grid worker in
// the grids they are a member of.
func TestFieldGrids(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		g1, g2 := importTwoGrids(t, db)
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		b1, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: g1, Name: "1号楼"})
		must(err)
		b2, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: g1, Name: "2号楼"})
		must(err)
		b3, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: g2, Name: "3号楼"})
		must(err)
		unit, err := grid.CreateUnit(ctx, db, b2.Code, "1单元")
		must(err)
		unit2, err := grid.CreateUnit(ctx, db, b2.Code, "2单元")
		must(err)

		worker := auth.User{ID: addUser(t, db, "zhang"), Role: auth.RoleGrid}
		must(grid.AddMember(ctx, db, g2, worker.ID, grid.RoleWorker))
		head := auth.User{ID: addUser(t, db, "louzhang"), Role: auth.RoleBuilding}
		must(grid.AddBuildingMember(ctx, db, b1.Code, "", head.ID, grid.RoleBuildingHead))
		must(grid.AddBuildingMember(ctx, db, b2.Code, unit.Code, head.ID, grid.RoleUnitHead))
		must(grid.AddBuildingMember(ctx, db, b2.Code, unit2.Code, head.ID, grid.RoleUnitHead))
		must(grid.AddBuildingMember(ctx, db, b3.Code, "", head.ID, grid.RoleBuildingHead))

		bs, err := grid.BuildingsOfUser(ctx, db, head.ID)
		must(err)
		if len(bs) != 3 || bs[0].Code != b1.Code || bs[1].Code != b2.Code || bs[2].Code != b3.Code {
			t.Errorf("buildings of the head: %+v", bs)
		}
		got, err := grid.FieldGrids(ctx, db, head)
		must(err)
		if len(got) != 2 || got[0].GridCode != g1 || got[0].GridName != "回字" || got[1].GridCode != g2 || got[0].UserID != head.ID {
			t.Errorf("field grids of the head: %+v", got)
		}
		got, err = grid.FieldGrids(ctx, db, worker)
		must(err)
		if len(got) != 1 || got[0].GridCode != g2 {
			t.Errorf("field grids of the worker: %+v", got)
		}
		if bs, err := grid.BuildingsOfUser(ctx, db, worker.ID); err != nil || len(bs) != 0 {
			t.Errorf("buildings of the worker: %+v, %v", bs, err)
		}
	})
}
