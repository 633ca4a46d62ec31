package address_test

import (
	"context"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"

	"github.com/paulmach/orb"
)

const (
	street  = "210504002"
	communA = "210504002001"
	communB = "210504003001" // another street's community
	lng0    = 123.77
	lat0    = 41.30
	u       = 0.001
)

type world struct {
	gridA1, gridA2, gridB string
	building, unit1       string
	buildingB             string
	city, commA, commB    auth.Scope
	edA, edB              grid.Editor
	locator               *grid.Locator
}

func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{orb.Ring{
		{lng0 + x0*u, lat0 + y0*u}, {lng0 + x1*u, lat0 + y0*u},
		{lng0 + x1*u, lat0 + y1*u}, {lng0 + x0*u, lat0 + y1*u}, {lng0 + x0*u, lat0 + y0*u},
	}}
}

func at(x, y float64) (float64, float64) { return lng0 + x*u, lat0 + y*u }

// seed writes two communities in two streets, a grid each (two in A), a
// building with two units in A's first grid and one in B's grid.
func seed(t testing.TB, db *store.DB) world {
	t.Helper()
	ctx := context.Background()
	for _, r := range []struct{ code, name, level, parent string }{
		{"21", "辽宁省", "province", ""},
		{"2105", "本溪市", "city", "21"},
		{"210504", "明山区", "district", "2105"},
		{street, "东兴街道", "street", "210504"},
		{communA, "东兴社区", "community", street},
		{"210504003", "新明街道", "street", "210504"},
		{communB, "新明社区", "community", "210504003"},
	} {
		var parent any
		if r.parent != "" {
			parent = r.parent
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, 1)`, r.code, r.name, r.name, r.level, parent); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := grid.Import(ctx, db, []geo.GridFeature{
		{Index: 0, CommunityCode: communA, Name: "一网格", Seq: 1, Geometry: rect(0, 0, 4, 4)},
		{Index: 1, CommunityCode: communA, Name: "二网格", Seq: 2, Geometry: rect(4, 0, 8, 4)},
		{Index: 2, CommunityCode: communB, Name: "新一网格", Seq: 1, Geometry: rect(10, 0, 14, 4)},
	}, grid.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	w := world{gridA1: communA + "001", gridA2: communA + "002", gridB: communB + "001"}
	lng, lat := at(1, 1)
	b, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: w.gridA1, Name: "3号楼", Lng: lng, Lat: lat, HasPoint: true})
	if err != nil {
		t.Fatal(err)
	}
	w.building = b.Code
	for _, name := range []string{"1单元", "2单元"} {
		un, err := grid.CreateUnit(ctx, db, b.Code, name)
		if err != nil {
			t.Fatal(err)
		}
		if w.unit1 == "" {
			w.unit1 = un.Code
		}
	}
	lng, lat = at(11, 1)
	bb, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: w.gridB, Name: "1号楼", Lng: lng, Lat: lat, HasPoint: true})
	if err != nil {
		t.Fatal(err)
	}
	w.buildingB = bb.Code
	w.city = auth.ScopeOf(auth.User{ID: 1, Role: auth.RoleOperator, NodeCode: "2105"}, "")
	w.commA = auth.ScopeOf(auth.User{ID: 2, Role: auth.RoleCommunity, NodeCode: communA}, "")
	w.commB = auth.ScopeOf(auth.User{ID: 3, Role: auth.RoleCommunity, NodeCode: communB}, "")
	w.edA = grid.Editor{Role: auth.RoleCommunity, Scope: w.commA}
	w.edB = grid.Editor{Role: auth.RoleCommunity, Scope: w.commB}
	if w.locator, err = grid.NewLocator(ctx, db); err != nil {
		t.Fatal(err)
	}
	return w
}
