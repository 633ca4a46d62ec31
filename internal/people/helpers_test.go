package people_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/people"
	"civicgrid/internal/pii"
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

var now = time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)

type world struct {
	svc                    *people.Service
	keys                   *pii.Keyring
	gridA1, gridA2, gridB  string
	buildingA1, buildingA2 string
	buildingB              string
	houseA1, houseA1b      int64 // in buildingA1
	houseA2, houseB        int64
	users                  map[string]auth.User
	actors                 map[string]people.Actor
}

func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{orb.Ring{
		{lng0 + x0*u, lat0 + y0*u}, {lng0 + x1*u, lat0 + y0*u},
		{lng0 + x1*u, lat0 + y1*u}, {lng0 + x0*u, lat0 + y1*u}, {lng0 + x0*u, lat0 + y0*u},
	}}
}

// idn makes a valid resident ID number from a sequence number.
func idn(seq int) string {
	first := fmt.Sprintf("210504198%01d0101%03d", seq/1000%10, seq%1000)
	return first + string(people.CheckChar(first))
}

// seed writes two communities in two streets, grids A1, A2 (community A)
// and B, a building with two houses in A1, one house in A2 and B, and a
// user of every role.
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
	w := world{gridA1: communA + "001", gridA2: communA + "002", gridB: communB + "001",
		users: map[string]auth.User{}, actors: map[string]people.Actor{}}
	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	asvc, err := address.NewService(ctx, db, loc)
	if err != nil {
		t.Fatal(err)
	}
	ed := grid.CommandLine("21")
	mk := func(gridCode, name string, x float64, rooms ...string) (string, []int64) {
		b, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: gridCode, Name: name, Lng: lng0 + x*u, Lat: lat0 + u, HasPoint: true})
		if err != nil {
			t.Fatal(err)
		}
		un, err := grid.CreateUnit(ctx, db, b.Code, "1单元")
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, room := range rooms {
			a, err := asvc.Create(ctx, ed, address.Input{Road: "胜利路", DoorNo: fmt.Sprint(int(x)), BuildingCode: b.Code, UnitCode: un.Code, RoomNo: room})
			if err != nil {
				t.Fatal(err)
			}
			h, err := address.CreateHouse(ctx, db, ed, address.HouseInput{AddressID: a.ID, Use: "own", AreaDM2: 8950})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, h.ID)
		}
		return b.Code, ids
	}
	var hs []int64
	w.buildingA1, hs = mk(w.gridA1, "3号楼", 1, "101", "102")
	w.houseA1, w.houseA1b = hs[0], hs[1]
	w.buildingA2, hs = mk(w.gridA2, "5号楼", 5, "201")
	w.houseA2 = hs[0]
	w.buildingB, hs = mk(w.gridB, "1号楼", 11, "301")
	w.houseB = hs[0]

	for _, x := range []struct{ name, role, node string }{
		{"admin", auth.RoleAdmin, "21"},
		{"operator", auth.RoleOperator, "210504"},
		{"dispatcher", auth.RoleDispatcher, "210504"},
		{"street", auth.RoleStreet, street},
		{"communitya", auth.RoleCommunity, communA},
		{"communityb", auth.RoleCommunity, communB},
		{"grida1", auth.RoleGrid, communA},
		{"buildinga1", auth.RoleBuilding, communA},
		{"supervisor", auth.RoleSupervisor, "210504"},
		{"leader", auth.RoleLeader, "210504"},
	} {
		us, err := auth.CreateUser(ctx, db, auth.NewUser{Username: x.name, Role: x.role, NodeCode: x.node, Password: "correct horse battery 42"}, auth.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		w.users[x.name] = us
	}
	if err := grid.AddMember(ctx, db, w.gridA1, w.users["grida1"].ID, "worker"); err != nil {
		t.Fatal(err)
	}
	if err := grid.AddBuildingMember(ctx, db, w.buildingA1, "", w.users["buildinga1"].ID, grid.RoleBuildingHead); err != nil {
		t.Fatal(err)
	}
	for name, us := range w.users {
		scope, err := auth.ScopeForUser(ctx, db, us)
		if err != nil {
			t.Fatal(err)
		}
		a, err := people.ActorFor(ctx, db, us, scope, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		w.actors[name] = a
	}
	w.keys, err = pii.NewKeyring(bytes.Repeat([]byte{7}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	w.svc = people.New(db, w.keys, func() time.Time { return now })
	return w
}
