package care_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/care"
	"civicgrid/internal/category"
	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/org"
	"civicgrid/internal/people"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/testsupport"
)

const (
	street  = testsupport.StreetA
	communA = testsupport.CommunityA
	communB = testsupport.CommunityB // another street's community
	lng0    = testsupport.Lng0
	lat0    = testsupport.Lat0
	u       = testsupport.Unit
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

func idn(seq int) string { return testsupport.IDNumber("195", seq) }

// seed writes the two-street district (testsupport.SeedTwoStreets), a
// house and people in each grid, and the care service with an order
// service.
func seed(t testing.TB, db *store.DB) *world {
	t.Helper()
	ctx := context.Background()
	ts := testsupport.SeedTwoStreets(t, db, org.Department{Code: "gongan", Name: "明山区公安分局", RegionCode: "210504"})
	w := &world{db: db, gridA1: ts.GridA1, gridA2: ts.GridA2, gridB: ts.GridB,
		users: ts.Users, actors: map[string]care.Actor{}, clock: ordertest.NewNow(time.Date(2026, 12, 7, 9, 0, 0, 0, ordertest.CST))}
	house := func(gridCode, name string, x float64, room string) int64 {
		use := "own"
		if x > 4 {
			use = "rent"
		}
		return ts.House(t, ts.Building(t, gridCode, name, x), "", int(x), room, use, 6000)
	}
	hA1, hA2, hB := house(w.gridA1, "3号楼", 1, "101"), house(w.gridA2, "5号楼", 5, "201"), house(w.gridB, "1号楼", 11, "301")
	for name, us := range w.users {
		w.actors[name] = care.Actor{User: us, Scope: ts.ScopeOf(t, name), IP: "127.0.0.1"}
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
	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	orders, err := order.New(order.Config{DB: db, Locator: loc, Clock: ordertest.WeekdayClock{}, Keys: keys, DataDir: t.TempDir(), Now: w.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	w.svc = &care.Service{DB: db, Keys: keys, Orders: orders, Now: w.clock.Now}
	return w
}
