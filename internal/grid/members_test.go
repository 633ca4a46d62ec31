package grid_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/grid"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestGridMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		g1, g2 := importTwoGrids(t, db)
		zhang, li, wang := addUser(t, db, "zhang"), addUser(t, db, "li"), addUser(t, db, "wang")

		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(grid.AddMember(ctx, db, g1, zhang, grid.RoleHead))
		must(grid.AddMember(ctx, db, g1, wang, grid.RoleWorker))
		must(grid.AddMember(ctx, db, g1, li, grid.RoleWorker))
		must(grid.AddMember(ctx, db, g1, li, grid.RoleWorker)) // again: no-op
		must(grid.AddMember(ctx, db, g2, li, grid.RoleHead))

		for _, c := range []struct {
			name     string
			grid     string
			user     int64
			role     string
			want     error
			wantText string
		}{
			{"second head", g1, wang, grid.RoleHead, grid.ErrAlreadyMember, "already worker"},
			{"second head, new user", g2, zhang, grid.RoleHead, grid.ErrHeadExists, ""},
			{"head as worker", g1, zhang, grid.RoleWorker, grid.ErrAlreadyMember, ""},
			{"bad role", g1, zhang, "boss", grid.ErrInvalid, ""},
			{"unknown user", g1, 99999, grid.RoleWorker, grid.ErrUserNotFound, ""},
			{"unknown grid", communA + "099", zhang, grid.RoleWorker, grid.ErrNotFound, ""},
		} {
			if err := grid.AddMember(ctx, db, c.grid, c.user, c.role); !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
		}

		ms, err := grid.Members(ctx, db, g1)
		must(err)
		if len(ms) != 3 || ms[0].UserID != zhang || ms[0].Role != "head" || ms[1].Username != "li" || ms[2].Username != "wang" ||
			ms[0].GridName != "回字" || ms[0].DisplayName != "名zhang" {
			t.Errorf("Members = %+v", ms)
		}
		mine, err := grid.GridsOfUser(ctx, db, li)
		must(err)
		if len(mine) != 2 || mine[0].GridCode != g1 || mine[0].Role != "worker" || mine[1].GridCode != g2 || mine[1].Role != "head" {
			t.Errorf("GridsOfUser(li) = %+v", mine)
		}

		// SetHead replaces zhang with wang (a worker, promoted) in one tx.
		must(db.InTx(ctx, func(tx *store.Tx) error { return grid.SetHead(ctx, tx, g1, wang) }))
		ms, err = grid.Members(ctx, db, g1)
		must(err)
		if len(ms) != 2 || ms[0].UserID != wang || ms[0].Role != "head" || ms[1].UserID != li {
			t.Errorf("after SetHead: %+v", ms)
		}
		must(grid.SetHead(ctx, db, g1, wang)) // already head: no change
		if ms, _ := grid.Members(ctx, db, g1); len(ms) != 2 {
			t.Errorf("repeat SetHead changed members: %+v", ms)
		}

		must(grid.RemoveMember(ctx, db, g1, li))
		if err := grid.RemoveMember(ctx, db, g1, li); !errors.Is(err, grid.ErrNotFound) {
			t.Errorf("removing twice: %v", err)
		}
		if _, err := grid.Members(ctx, db, communA+"099"); !errors.Is(err, grid.ErrNotFound) {
			t.Errorf("members of unknown grid: %v", err)
		}
	})
}

func TestBuildingMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		g1, _ := importTwoGrids(t, db)
		b, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: g1, Name: "1号楼"})
		if err != nil {
			t.Fatal(err)
		}
		other, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: g1, Name: "2号楼"})
		if err != nil {
			t.Fatal(err)
		}
		u1, _ := grid.CreateUnit(ctx, db, b.Code, "1单元")
		u2, _ := grid.CreateUnit(ctx, db, b.Code, "2单元")
		otherUnit, _ := grid.CreateUnit(ctx, db, other.Code, "1单元")
		zhao, qian, sun := addUser(t, db, "zhao"), addUser(t, db, "qian"), addUser(t, db, "sun")

		for _, ok := range []struct {
			unit string
			user int64
			role string
		}{{"", zhao, "building"}, {u1.Code, qian, "unit"}, {u2.Code, zhao, "unit"}, {u1.Code, qian, "unit"}} {
			if err := grid.AddBuildingMember(ctx, db, b.Code, ok.unit, ok.user, ok.role); err != nil {
				t.Fatalf("%+v: %v", ok, err)
			}
		}
		for _, c := range []struct {
			name, building, unit string
			user                 int64
			role                 string
			want                 error
		}{
			{"second 楼长", b.Code, "", sun, "building", grid.ErrRoleTaken},
			{"second 单元长", b.Code, u1.Code, sun, "unit", grid.ErrRoleTaken},
			{"unit of another building", b.Code, otherUnit.Code, sun, "unit", grid.ErrNotFound},
			{"楼长 with a unit", b.Code, u1.Code, sun, "building", grid.ErrInvalid},
			{"单元长 without a unit", b.Code, "", sun, "unit", grid.ErrInvalid},
			{"bad role", b.Code, "", sun, "janitor", grid.ErrInvalid},
			{"unknown building", g1 + "999", "", sun, "building", grid.ErrNotFound},
			{"unknown user", other.Code, "", 424242, "building", grid.ErrUserNotFound},
		} {
			if err := grid.AddBuildingMember(ctx, db, c.building, c.unit, c.user, c.role); !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
		}
		ms, err := grid.BuildingMembers(ctx, db, b.Code)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 3 || ms[0].UnitCode != "" || ms[0].UserID != zhao || ms[1].UnitCode != u1.Code || ms[1].UserID != qian ||
			ms[2].UnitCode != u2.Code || ms[2].Role != "unit" {
			t.Errorf("BuildingMembers = %+v", ms)
		}
		roles, err := grid.BuildingRolesOfUser(ctx, db, zhao)
		if err != nil || len(roles) != 2 {
			t.Errorf("BuildingRolesOfUser(zhao) = %+v, %v", roles, err)
		}
		if err := grid.RemoveBuildingMember(ctx, db, b.Code, "", zhao); err != nil {
			t.Fatal(err)
		}
		if err := grid.AddBuildingMember(ctx, db, b.Code, "", sun, "building"); err != nil {
			t.Errorf("new 楼长 after the old one left: %v", err)
		}
		if err := grid.RemoveBuildingMember(ctx, db, b.Code, "", zhao); !errors.Is(err, grid.ErrNotFound) {
			t.Errorf("removing twice: %v", err)
		}
	})
}
