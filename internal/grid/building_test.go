package grid_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"

	"github.com/paulmach/orb"
)

func importTwoGrids(t *testing.T, db *store.DB) (string, string) {
	t.Helper()
	withHole := orb.Polygon{rect(0, 0, 4, 4)[0], rect(1, 1, 3, 3)[0]}
	if _, err := grid.Import(context.Background(), db, []geo.GridFeature{
		feat(0, communA, "回字", 1, withHole),
		feat(1, communA, "东邻", 2, rect(4, 0, 6, 4)),
	}, grid.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return communA + "001", communA + "002"
}

func TestBuildingsAndUnits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		g1, g2 := importTwoGrids(t, db)

		lng, lat := at(0.5, 0.5)
		b1, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: g1, Name: " 1号楼 ", Address: "东兴路1号", Lng: lng, Lat: lat, HasPoint: true})
		if err != nil {
			t.Fatal(err)
		}
		if b1.Code != g1+"001" || b1.Name != "1号楼" || b1.CreatedAt.IsZero() {
			t.Errorf("first building %+v", b1)
		}
		b2, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: g1, Name: "2号楼"}) // no point
		if err != nil {
			t.Fatal(err)
		}
		if b2.Code != g1+"002" {
			t.Errorf("second building code %s", b2.Code)
		}
		if _, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: g1, Code: g1 + "010", Name: "10号楼"}); err != nil {
			t.Fatal(err)
		}
		if b, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: g1, Name: "11号楼"}); err != nil || b.Code != g1+"011" {
			t.Errorf("after an explicit 010: %s, %v; want %s011", b.Code, err, g1)
		}

		refused := []struct {
			name string
			b    grid.Building
			want []error
		}{
			{"in the neighbour", pointBuilding(g1, 5, 1), []error{grid.ErrOutsideGrid, grid.ErrInvalid}},
			{"in the hole", pointBuilding(g1, 2, 2), []error{grid.ErrOutsideGrid}},
			{"far away", pointBuilding(g2, 50, 50), []error{grid.ErrOutsideGrid}},
			{"bad latitude", grid.Building{GridCode: g1, Name: "x", Lng: 123, Lat: 95, HasPoint: true}, []error{grid.ErrInvalid, geo.ErrInvalidCoordinate}},
			{"no name", grid.Building{GridCode: g1, Name: " "}, []error{grid.ErrInvalid}},
			{"unknown grid", grid.Building{GridCode: communA + "099", Name: "x"}, []error{grid.ErrNotFound}},
			{"code of another grid", grid.Building{GridCode: g1, Code: g2 + "001", Name: "x"}, []error{grid.ErrInvalid}},
			{"code 000", grid.Building{GridCode: g1, Code: g1 + "000", Name: "x"}, []error{grid.ErrInvalid}},
			{"code taken", grid.Building{GridCode: g1, Code: g1 + "001", Name: "x"}, []error{grid.ErrCodeTaken}},
		}
		for _, c := range refused {
			_, err := grid.CreateBuilding(ctx, db, c.b)
			for _, want := range c.want {
				if !errors.Is(err, want) {
					t.Errorf("%s: %v, want %v", c.name, err, want)
				}
			}
		}
		bs, err := grid.ListBuildings(ctx, db, g1)
		if err != nil {
			t.Fatal(err)
		}
		if len(bs) != 4 || bs[0] != b1 || bs[1].HasPoint {
			t.Errorf("ListBuildings = %+v", bs)
		}
		if bs, err := grid.ListBuildings(ctx, db, g2); err != nil || len(bs) != 0 {
			t.Errorf("empty grid: %v, %v", bs, err)
		}

		u1, err := grid.CreateUnit(ctx, db, b1.Code, "1单元")
		if err != nil {
			t.Fatal(err)
		}
		u2, err := grid.CreateUnit(ctx, db, b1.Code, "2单元")
		if err != nil {
			t.Fatal(err)
		}
		if u1.Code != b1.Code+"01" || u2.Code != b1.Code+"02" {
			t.Errorf("unit codes %s, %s", u1.Code, u2.Code)
		}
		if _, err := grid.CreateUnit(ctx, db, g1+"999", "x"); !errors.Is(err, grid.ErrNotFound) {
			t.Errorf("unit of unknown building: %v", err)
		}
		if _, err := grid.CreateUnit(ctx, db, b1.Code, ""); !errors.Is(err, grid.ErrInvalid) {
			t.Errorf("unnamed unit: %v", err)
		}
		us, err := grid.ListUnits(ctx, db, b1.Code)
		if err != nil || len(us) != 2 || us[0] != u1 || us[1] != u2 {
			t.Errorf("ListUnits = %+v, %v", us, err)
		}
	})
}

func pointBuilding(gridCode string, x, y float64) grid.Building {
	lng, lat := at(x, y)
	return grid.Building{GridCode: gridCode, Name: "楼", Lng: lng, Lat: lat, HasPoint: true}
}
