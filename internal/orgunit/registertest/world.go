// Package registertest builds a small world for tests of the registers
// (units, facilities): two communities in two streets, grids, a building,
// standard addresses, and the services over them.
package registertest

import (
	"bytes"
	"context"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"

	"github.com/paulmach/orb"
)

// Codes of the world.
const (
	Street  = "210504002"
	CommA   = "210504002001"
	CommB   = "210504003001" // another street's community
	GridA1  = CommA + "001"
	GridA2  = CommA + "002"
	GridB   = CommB + "001"
	Lng0    = 123.77
	Lat0    = 41.30
	unitDeg = 0.001
)

// At is the point x, y thousandths of a degree from the world's corner.
func At(x, y float64) (float64, float64) { return Lng0 + x*unitDeg, Lat0 + y*unitDeg }

func rect(x0, y0, x1, y1 float64) orb.Polygon {
	a, b := At(x0, y0)
	c, d := At(x1, y1)
	return orb.Polygon{orb.Ring{{a, b}, {c, b}, {c, d}, {a, d}, {a, b}}}
}

// World is what Seed wrote.
type World struct {
	Building          string
	AddrA, AddrA2     address.Address // door plates in grid A1 and A2
	AddrB             address.Address // in community B
	Locator           *grid.Locator
	Addresses         *address.Service
	Keys              *pii.Keyring
	City, ScopeA      auth.Scope
	EdA, EdB, EdAdmin grid.Editor
}

// Seed writes the world.
func Seed(t testing.TB, db *store.DB) World {
	t.Helper()
	ctx := context.Background()
	for _, r := range []struct{ code, name, level, parent string }{
		{"21", "辽宁省", "province", ""},
		{"2105", "本溪市", "city", "21"},
		{"210504", "明山区", "district", "2105"},
		{Street, "东兴街道", "street", "210504"},
		{CommA, "东兴社区", "community", Street},
		{"210504003", "新明街道", "street", "210504"},
		{CommB, "新明社区", "community", "210504003"},
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
		{Index: 0, CommunityCode: CommA, Name: "一网格", Seq: 1, Geometry: rect(0, 0, 4, 4)},
		{Index: 1, CommunityCode: CommA, Name: "二网格", Seq: 2, Geometry: rect(4, 0, 8, 4)},
		{Index: 2, CommunityCode: CommB, Name: "新一网格", Seq: 1, Geometry: rect(10, 0, 14, 4)},
	}, grid.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var w World
	var err error
	if w.Locator, err = grid.NewLocator(ctx, db); err != nil {
		t.Fatal(err)
	}
	if w.Addresses, err = address.NewService(ctx, db, w.Locator); err != nil {
		t.Fatal(err)
	}
	if w.Keys, err = pii.NewKeyring(bytes.Repeat([]byte{7}, pii.KeySize)); err != nil {
		t.Fatal(err)
	}
	w.City = auth.ScopeOf(auth.User{ID: 1, Role: auth.RoleOperator, NodeCode: "2105"}, "")
	w.ScopeA = auth.ScopeOf(auth.User{ID: 2, Role: auth.RoleCommunity, NodeCode: CommA}, "")
	w.EdA = grid.Editor{Role: auth.RoleCommunity, Scope: w.ScopeA, Actor: audit.Actor{Name: "东兴社区"}}
	w.EdB = grid.Editor{Role: auth.RoleCommunity, Scope: auth.ScopeOf(auth.User{ID: 3, Role: auth.RoleCommunity, NodeCode: CommB}, ""),
		Actor: audit.Actor{Name: "新明社区"}}
	w.EdAdmin = grid.CommandLine(CommA)
	lng, lat := At(1, 1)
	b, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: GridA1, Name: "3号楼", Lng: lng, Lat: lat, HasPoint: true})
	if err != nil {
		t.Fatal(err)
	}
	w.Building = b.Code
	door := func(road, no string, x, y float64) address.Address {
		lng, lat := At(x, y)
		a, err := w.Addresses.Create(ctx, w.EdAdmin, address.Input{Road: road, DoorNo: no, Lng: lng, Lat: lat, HasPoint: true})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	w.AddrA = door("胜利路", "12", 1, 1)
	w.AddrA2 = door("胜利路", "40", 5, 1)
	w.AddrB = door("新明路", "8", 11, 1)
	return w
}
