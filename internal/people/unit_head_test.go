package people_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/people"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestUnitHeadSeesOnlyTheirUnit: a 单元长 reads, lists, finds and reports
// on the people and houses of their own unit only; the building's 楼长
// keeps the whole building.
func TestUnitHeadSeesOnlyTheirUnit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		var unit1 string
		if err := db.QueryRowContext(ctx, `SELECT code FROM units WHERE building_code = ?`, w.buildingA1).Scan(&unit1); err != nil {
			t.Fatal(err)
		}
		unit2, err := grid.CreateUnit(ctx, db, w.buildingA1, "2单元")
		if err != nil {
			t.Fatal(err)
		}
		loc, err := grid.NewLocator(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		asvc, err := address.NewService(ctx, db, loc)
		if err != nil {
			t.Fatal(err)
		}
		ed := grid.CommandLine("21")
		room, err := asvc.Create(ctx, ed, address.Input{Road: "胜利路", DoorNo: "1", BuildingCode: w.buildingA1, UnitCode: unit2.Code, RoomNo: "201"})
		if err != nil {
			t.Fatal(err)
		}
		house2, err := address.CreateHouse(ctx, db, ed, address.HouseInput{AddressID: room.ID, Use: "own", AreaDM2: 7000})
		if err != nil {
			t.Fatal(err)
		}
		mine, err := w.svc.Create(ctx, w.actors["communitya"], people.Input{Name: "一单元", DocNumber: idn(61), HouseID: w.houseA1})
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := w.svc.Create(ctx, w.actors["communitya"], people.Input{Name: "二单元", DocNumber: idn(62), HouseID: house2.ID})
		if err != nil {
			t.Fatal(err)
		}
		us, err := auth.CreateUser(ctx, db, auth.NewUser{Username: "unita1", Role: auth.RoleBuilding, NodeCode: communA, Password: "correct horse battery 42"}, auth.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		if err := grid.AddBuildingMember(ctx, db, w.buildingA1, unit1, us.ID, grid.RoleUnitHead); err != nil {
			t.Fatal(err)
		}
		scope, err := auth.ScopeForUser(ctx, db, us)
		if err != nil {
			t.Fatal(err)
		}
		head, err := people.ActorFor(ctx, db, us, scope, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}

		if _, err := w.svc.Get(ctx, head, mine.ID); err != nil {
			t.Errorf("单元长 reads a person of the unit: %v", err)
		}
		if _, err := w.svc.Get(ctx, head, theirs.ID); !errors.Is(err, people.ErrNotFound) {
			t.Errorf("单元长 reads a person of another unit: %v", err)
		}
		list, err := w.svc.List(ctx, head, people.Filter{Current: true}, 100, 0)
		if err != nil || len(list) != 1 || list[0].ID != mine.ID {
			t.Errorf("单元长 lists %+v (%v), want only person %d", list, err, mine.ID)
		}
		if res, err := w.svc.Search(ctx, head, idn(62), 10); err != nil || len(res.People) != 0 {
			t.Errorf("单元长 finds another unit's person by document: %+v %v", res.People, err)
		}
		if _, err := w.svc.ReportChange(ctx, head, people.ChangeInput{Kind: people.ChangeMoveOut, HouseID: house2.ID, PersonID: theirs.ID, Date: "2026-12-01"}); err == nil {
			t.Error("单元长 reported a change in another unit")
		}
		if _, err := w.svc.ReportChange(ctx, head, people.ChangeInput{Kind: people.ChangeMoveOut, HouseID: w.houseA1, PersonID: mine.ID, Date: "2026-12-01"}); err != nil {
			t.Errorf("单元长 reports a change in the unit: %v", err)
		}
		if got, err := w.svc.ListChanges(ctx, head, "", 10); err != nil || len(got) != 1 || got[0].UnitCode != unit1 {
			t.Errorf("单元长's changes: %+v %v", got, err)
		}
		if !head.Serves(w.buildingA1, unit1) || head.Serves(w.buildingA1, unit2.Code) || head.Serves(w.buildingA1, "") {
			t.Errorf("Serves: unit %v, other unit %v, whole building %v", head.Serves(w.buildingA1, unit1),
				head.Serves(w.buildingA1, unit2.Code), head.Serves(w.buildingA1, ""))
		}
		// The 楼长 of the building still sees both units.
		for _, id := range []int64{mine.ID, theirs.ID} {
			if _, err := w.svc.Get(ctx, w.actors["buildinga1"], id); err != nil {
				t.Errorf("楼长 reads person %d: %v", id, err)
			}
		}
	})
}
