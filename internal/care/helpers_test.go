package care_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/care"
	"civicgrid/internal/category"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/org"
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

type world struct {
	db                    *store.DB
	svc                   *care.Service
	clock                 *ordertest.Now
	gridA1, gridA2, gridB string
	// people: two in grid A1, one in A2, one in community B
	personA1, personA1b, personA2, personB int64
	users                                  map[string]auth.User
	actors                                 map[string]care.Actor
}

func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{orb.Ring{
		{lng0 + x0*u, lat0 + y0*u}, {lng0 + x1*u, lat0 + y0*u},
		{lng0 + x1*u, lat0 + y1*u}, {lng0 + x0*u, lat0 + y1*u}, {lng0 + x0*u, lat0 + y0*u},
	}}
}

func idn(seq int) string {
	first := fmt.Sprintf("210504195%01d0101%03d", seq/1000%10, seq%1000)
	return first + string(people.CheckChar(first))
}

// seed writes two communities in two streets, grids A1, A2 (community A)
// and B, a house and people in each, a user of every role (the grid
// worker on A1), and the care service with an order service.
func seed(t testing.TB, db *store.DB) *world {
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
	w := &world{db: db, gridA1: communA + "001", gridA2: communA + "002", gridB: communB + "001",
		users: map[string]auth.User{}, actors: map[string]care.Actor{}, clock: ordertest.NewNow(time.Date(2026, 12, 7, 9, 0, 0, 0, ordertest.CST))}
	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	asvc, err := address.NewService(ctx, db, loc)
	if err != nil {
		t.Fatal(err)
	}
	ed := grid.CommandLine("21")
	house := func(gridCode, name string, x float64, room string) int64 {
		b, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: gridCode, Name: name, Lng: lng0 + x*u, Lat: lat0 + u, HasPoint: true})
		if err != nil {
			t.Fatal(err)
		}
		a, err := asvc.Create(ctx, ed, address.Input{Road: "胜利路", DoorNo: fmt.Sprint(int(x)), BuildingCode: b.Code, RoomNo: room})
		if err != nil {
			t.Fatal(err)
		}
		use := "own"
		if x > 4 {
			use = "rent"
		}
		h, err := address.CreateHouse(ctx, db, ed, address.HouseInput{AddressID: a.ID, Use: use, AreaDM2: 6000})
		if err != nil {
			t.Fatal(err)
		}
		return h.ID
	}
	hA1, hA2, hB := house(w.gridA1, "3号楼", 1, "101"), house(w.gridA2, "5号楼", 5, "201"), house(w.gridB, "1号楼", 11, "301")

	if _, err := org.AddDepartment(ctx, db, org.Department{Code: "gongan", Name: "明山区公安分局", RegionCode: "210504"}, auth.SystemAdmin()); err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct{ name, role, node string }{
		{"admin", auth.RoleAdmin, "21"},
		{"operator", auth.RoleOperator, "210504"},
		{"dispatcher", auth.RoleDispatcher, "210504"},
		{"street", auth.RoleStreet, street},
		{"streetb", auth.RoleStreet, "210504003"},
		{"communitya", auth.RoleCommunity, communA},
		{"communityb", auth.RoleCommunity, communB},
		{"grida1", auth.RoleGrid, communA},
		{"buildinga1", auth.RoleBuilding, communA},
		{"supervisor", auth.RoleSupervisor, "210504"},
		{"leader", auth.RoleLeader, "210504"},
		{"department", auth.RoleDepartment, ""},
	} {
		nu := auth.NewUser{Username: x.name, DisplayName: x.name, Role: x.role, NodeCode: x.node, Password: "correct horse battery 42"}
		if x.role == auth.RoleDepartment {
			nu.NodeCode, nu.DepartmentCode = "", "gongan"
		}
		us, err := auth.CreateUser(ctx, db, nu, auth.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		w.users[x.name] = us
	}
	if err := grid.AddMember(ctx, db, w.gridA1, w.users["grida1"].ID, "worker"); err != nil {
		t.Fatal(err)
	}
	for name, us := range w.users {
		scope, err := auth.ScopeForUser(ctx, db, us)
		if err != nil {
			t.Fatal(err)
		}
		w.actors[name] = care.Actor{User: us, Scope: scope, IP: "127.0.0.1"}
	}
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{7}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	reg := people.New(db, keys, w.clock.Now)
	cmd := people.CommandLine("21")
	mk := func(seq int, name string, house int64, residence string) int64 {
		p, err := reg.Create(ctx, cmd, people.Input{Name: name, DocNumber: idn(seq), HouseID: house, Residence: residence})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	w.personA1 = mk(1, "王秀英", hA1, "resident")
	w.personA1b = mk(2, "李建国", hA1, "floating")
	w.personA2 = mk(3, "赵桂兰", hA2, "resident")
	w.personB = mk(4, "孙立华", hB, "resident")
	if _, err := category.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	orders, err := order.New(order.Config{DB: db, Locator: loc, Clock: ordertest.WeekdayClock{}, Keys: keys, DataDir: t.TempDir(), Now: w.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	w.svc = &care.Service{DB: db, Keys: keys, Orders: orders, Now: w.clock.Now}
	return w
}
