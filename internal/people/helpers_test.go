package people_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
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

// idn makes a valid resident ID number from a sequence number.
func idn(seq int) string { return testsupport.IDNumber("198", seq) }

// seed writes the two-street district (testsupport.SeedTwoStreets), a
// building with two houses in A1, one house in A2 and B, and makes
// buildinga1 the head of the building in A1.
func seed(t testing.TB, db *store.DB) world {
	t.Helper()
	ctx := context.Background()
	ts := testsupport.SeedTwoStreets(t, db, org.Department{Code: "chengguan", Name: "明山区城管局", RegionCode: "210504"})
	w := world{gridA1: ts.GridA1, gridA2: ts.GridA2, gridB: ts.GridB, users: ts.Users, actors: map[string]people.Actor{}}
	mk := func(gridCode, name string, x float64, rooms ...string) (string, []int64) {
		b := ts.Building(t, gridCode, name, x)
		un, err := grid.CreateUnit(ctx, db, b.Code, "1单元")
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, room := range rooms {
			ids = append(ids, ts.House(t, b, un.Code, int(x), room, "own", 8950))
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

	if err := grid.AddBuildingMember(ctx, db, w.buildingA1, "", w.users["buildinga1"].ID, grid.RoleBuildingHead); err != nil {
		t.Fatal(err)
	}
	for name, us := range w.users {
		a, err := people.ActorFor(ctx, db, us, ts.ScopeOf(t, name), "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		w.actors[name] = a
	}
	var err error
	w.keys, err = pii.NewKeyring(bytes.Repeat([]byte{7}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	w.svc = people.New(db, w.keys, func() time.Time { return now })
	return w
}
