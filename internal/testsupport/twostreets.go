package testsupport

import (
	"context"
	"fmt"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/org"
	"civicgrid/internal/people"
	"civicgrid/internal/store"

	"github.com/paulmach/orb"
)

// The two-street district of the register tests (people, care): street A
// with community A (grids A1, A2), street B with community B (grid B).
const (
	StreetA    = "210504002"
	CommunityA = "210504002001"
	StreetB    = "210504003"
	CommunityB = "210504003001" // another street's community
	Lng0       = 123.77
	Lat0       = 41.30
	Unit       = 0.001 // a step of the plan, in degrees
)

// TwoStreets is the seeded district: its grids, a user of every role (the
// grid worker on A1) with their scopes, and the address service to add
// houses with.
type TwoStreets struct {
	DB                    *store.DB
	GridA1, GridA2, GridB string
	Users                 map[string]auth.User
	Scopes                map[string]auth.Scope
	Addresses             *address.Service
}

// Rect is the polygon of the plan's rectangle x0,y0 – x1,y1 (in Units from
// Lng0, Lat0).
func Rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{orb.Ring{
		{Lng0 + x0*Unit, Lat0 + y0*Unit}, {Lng0 + x1*Unit, Lat0 + y0*Unit},
		{Lng0 + x1*Unit, Lat0 + y1*Unit}, {Lng0 + x0*Unit, Lat0 + y1*Unit}, {Lng0 + x0*Unit, Lat0 + y0*Unit},
	}}
}

// IDNumber is a valid resident ID number: born in the year yearPrefix
// ("195", "198") ends, numbered by seq.
func IDNumber(yearPrefix string, seq int) string {
	first := fmt.Sprintf("210504%s%01d0101%03d", yearPrefix, seq/1000%10, seq%1000)
	return first + string(people.CheckChar(first))
}

// SeedTwoStreets writes the regions, grids A1, A2 (community A) and B,
// dept (the department user's), and a user of every role named for it:
// admin, operator, dispatcher, street, streetb, communitya, communityb,
// grida1 (a member of grid A1), buildinga1, supervisor, leader,
// department.
func SeedTwoStreets(t testing.TB, db *store.DB, dept org.Department) *TwoStreets {
	t.Helper()
	ctx := context.Background()
	for _, r := range []struct{ code, name, level, parent string }{
		{"21", "辽宁省", "province", ""},
		{"2105", "本溪市", "city", "21"},
		{"210504", "明山区", "district", "2105"},
		{StreetA, "东兴街道", "street", "210504"},
		{CommunityA, "东兴社区", "community", StreetA},
		{StreetB, "新明街道", "street", "210504"},
		{CommunityB, "新明社区", "community", StreetB},
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
		{Index: 0, CommunityCode: CommunityA, Name: "一网格", Seq: 1, Geometry: Rect(0, 0, 4, 4)},
		{Index: 1, CommunityCode: CommunityA, Name: "二网格", Seq: 2, Geometry: Rect(4, 0, 8, 4)},
		{Index: 2, CommunityCode: CommunityB, Name: "新一网格", Seq: 1, Geometry: Rect(10, 0, 14, 4)},
	}, grid.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	w := &TwoStreets{DB: db, GridA1: CommunityA + "001", GridA2: CommunityA + "002", GridB: CommunityB + "001",
		Users: map[string]auth.User{}, Scopes: map[string]auth.Scope{}}
	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if w.Addresses, err = address.NewService(ctx, db, loc); err != nil {
		t.Fatal(err)
	}
	if _, err := org.AddDepartment(ctx, db, dept, auth.SystemAdmin()); err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct{ name, role, node string }{
		{"admin", auth.RoleAdmin, "21"},
		{"operator", auth.RoleOperator, "210504"},
		{"dispatcher", auth.RoleDispatcher, "210504"},
		{"street", auth.RoleStreet, StreetA},
		{"streetb", auth.RoleStreet, StreetB},
		{"communitya", auth.RoleCommunity, CommunityA},
		{"communityb", auth.RoleCommunity, CommunityB},
		{"grida1", auth.RoleGrid, CommunityA},
		{"buildinga1", auth.RoleBuilding, CommunityA},
		{"supervisor", auth.RoleSupervisor, "210504"},
		{"leader", auth.RoleLeader, "210504"},
		{"department", auth.RoleDepartment, ""},
	} {
		nu := auth.NewUser{Username: x.name, DisplayName: x.name, Role: x.role, NodeCode: x.node, Password: "correct horse battery 42"}
		if x.role == auth.RoleDepartment {
			nu.NodeCode, nu.DepartmentCode = "", dept.Code
		}
		us, err := auth.CreateUser(ctx, db, nu, auth.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		w.Users[x.name] = us
	}
	if err := grid.AddMember(ctx, db, w.GridA1, w.Users["grida1"].ID, "worker"); err != nil {
		t.Fatal(err)
	}
	return w
}

// ScopeOf is the user's scope now: call it after any membership the test
// adds (a building head's building).
func (w *TwoStreets) ScopeOf(t testing.TB, name string) auth.Scope {
	t.Helper()
	scope, err := auth.ScopeForUser(context.Background(), w.DB, w.Users[name])
	if err != nil {
		t.Fatal(err)
	}
	return scope
}

// Building adds a building named name in gridCode at x Units east (one
// Unit north) of the plan's corner.
func (w *TwoStreets) Building(t testing.TB, gridCode, name string, x float64) grid.Building {
	t.Helper()
	b, err := grid.CreateBuilding(context.Background(), w.DB, grid.Building{GridCode: gridCode, Name: name,
		Lng: Lng0 + x*Unit, Lat: Lat0 + Unit, HasPoint: true})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// House adds room in building b (and its unit, when unitCode is given) at
// 胜利路 <door>号 as a house of use and area (dm²); it returns the house id.
func (w *TwoStreets) House(t testing.TB, b grid.Building, unitCode string, door int, room, use string, areaDM2 int64) int64 {
	t.Helper()
	ctx := context.Background()
	ed := grid.CommandLine("21")
	a, err := w.Addresses.Create(ctx, ed, address.Input{Road: "胜利路", DoorNo: fmt.Sprint(door), BuildingCode: b.Code, UnitCode: unitCode, RoomNo: room})
	if err != nil {
		t.Fatal(err)
	}
	h, err := address.CreateHouse(ctx, w.DB, ed, address.HouseInput{AddressID: a.ID, Use: use, AreaDM2: areaDM2})
	if err != nil {
		t.Fatal(err)
	}
	return h.ID
}
