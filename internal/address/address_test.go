package address_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/errs"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestAddressesHousesAndSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		svc, err := address.NewService(ctx, db, w.locator)
		if err != nil {
			t.Fatal(err)
		}
		estate, err := address.CreateEstate(ctx, db, w.edA, communA, "阳光小区")
		if err != nil {
			t.Fatal(err)
		}
		lng, lat := at(1, 1)
		door, err := svc.Create(ctx, w.edA, address.Input{Road: "胜利路", DoorNo: "１２号", Lng: lng, Lat: lat, HasPoint: true})
		if err != nil {
			t.Fatal(err)
		}
		if door.Level != address.LevelDoor || door.GridCode != w.gridA1 || door.Text != "胜利路12号" || door.FullText != "明山区东兴街道胜利路12号" {
			t.Fatalf("door plate %+v", door)
		}
		bld, err := svc.Create(ctx, w.edA, address.Input{Road: "胜利路", DoorNo: "12", EstateID: estate.ID, BuildingCode: w.building})
		if err != nil {
			t.Fatal(err)
		}
		if bld.Level != address.LevelBuilding || bld.ParentID != door.ID || bld.Text != "胜利路12号阳光小区3栋" || !bld.HasPoint {
			t.Fatalf("building address %+v", bld)
		}
		room, err := svc.Create(ctx, w.edA, address.Input{Road: "胜利路", DoorNo: "12", EstateID: estate.ID, BuildingCode: w.building,
			UnitCode: w.unit1, RoomNo: "502室"})
		if err != nil {
			t.Fatal(err)
		}
		if room.Text != "胜利路12号阳光小区3栋1单元502室" || room.ParentID != bld.ID || room.GridCode != w.gridA1 {
			t.Fatalf("room %+v", room)
		}

		// Search finds typed variants, best first, within the scope only.
		for _, q := range []string{"胜利路12号1单元502", "胜利路十二号1-502", "胜利路１２号３栋１单元５０２室", "胜力路12号1单元502"} {
			ms, err := svc.Search(ctx, w.commA, q, 5)
			if err != nil || len(ms) == 0 || ms[0].ID != room.ID {
				t.Errorf("Search(%q) = %+v, %v", q, ms, err)
			}
		}
		if ms, _ := svc.Search(ctx, w.commB, "胜利路12号", 5); len(ms) != 0 {
			t.Errorf("another community's staff found %+v", ms)
		}
		m, err := svc.Resolve(ctx, "胜利路12号1单元502")
		if err != nil || m.ID != room.ID || m.GridCode != w.gridA1 {
			t.Errorf("Resolve = %+v, %v", m, err)
		}
		var nm *address.NoMatchError
		if _, err := svc.Resolve(ctx, "人民路88号"); !errors.As(err, &nm) || errs.KindOf(err) != errs.Invalid {
			t.Errorf("Resolve(unknown) = %v", err)
		}

		// Bad input changes nothing.
		var before int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM addresses`).Scan(&before)
		bad := []address.Input{
			{Road: "", DoorNo: "1", GridCode: w.gridA1},
			{Road: "胜利路", DoorNo: "东", GridCode: w.gridA1},
			{Road: "胜利路", DoorNo: "30"},                                                  // in no grid
			{Road: "胜利路", DoorNo: "31", Lng: lng0 - 1, Lat: lat0, HasPoint: true},        // point in no grid
			{Road: "胜利路", DoorNo: "12", RoomNo: "101"},                                   // room in no building
			{Road: "胜利路", DoorNo: "12", BuildingCode: w.building, UnitCode: w.buildingB}, // unit of another building
		}
		for _, in := range bad {
			if _, err := svc.Create(ctx, w.edA, in); errs.KindOf(err) != errs.Invalid {
				t.Errorf("Create(%+v) = %v, want invalid", in, err)
			}
		}
		if _, err := svc.Create(ctx, w.edA, address.Input{Road: "胜利路", DoorNo: "12", GridCode: w.gridA1}); errs.KindOf(err) != errs.Conflict {
			t.Errorf("duplicate door plate: %v", err)
		}
		// Another community's building or grid is not found, not forbidden.
		if _, err := svc.Create(ctx, w.edA, address.Input{Road: "新明路", DoorNo: "1", BuildingCode: w.buildingB}); errs.KindOf(err) != errs.NotFound {
			t.Errorf("other community's building: %v", err)
		}
		if _, err := address.Get(ctx, db, w.commB, room.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("other community reads address: %v", err)
		}
		var after int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM addresses`).Scan(&after)
		if after != before {
			t.Fatalf("bad input wrote %d addresses", after-before)
		}

		// Houses.
		area, err := address.ParseArea("89.5")
		if err != nil || area != 8950 {
			t.Fatalf("ParseArea = %d, %v", area, err)
		}
		h, err := address.CreateHouse(ctx, db, w.edA, address.HouseInput{AddressID: room.ID, Use: "出租", AreaDM2: area,
			TenantCount: 2, LeaseStart: "2026-01-01", LeaseEnd: "2026-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		if h.Use != address.UseRent || h.AreaDM2 != 8950 || h.TenantCount != 2 || h.AddressText != room.FullText || h.BuildingCode != w.building {
			t.Fatalf("house %+v", h)
		}
		for _, in := range []address.HouseInput{
			{AddressID: bld.ID, Use: "own", AreaDM2: 100},                                                     // a building, not a room
			{AddressID: door.ID, Use: "own", AreaDM2: 100},                                                    // in no building
			{AddressID: room.ID, Use: "own", AreaDM2: 100},                                                    // twice
			{AddressID: room.ID, Use: "自住", AreaDM2: 100, TenantCount: 1},                                     // tenants on an own house
			{AddressID: room.ID, Use: "rent", AreaDM2: 0},                                                     // no area
			{AddressID: room.ID, Use: "rent", AreaDM2: 100, LeaseStart: "2026-05-01", LeaseEnd: "2026-01-01"}, // ends before start
			{AddressID: room.ID, Use: "lived", AreaDM2: 100},
		} {
			if _, err := address.CreateHouse(ctx, db, w.edA, in); err == nil {
				t.Errorf("CreateHouse(%+v) accepted", in)
			}
		}
		if _, err := address.GetHouse(ctx, db, w.commB, h.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("other community reads house: %v", err)
		}
		if _, err := address.UpdateHouse(ctx, db, w.edB, h.ID, h.Version, address.HouseInput{Use: "own", AreaDM2: 1}); errs.KindOf(err) != errs.NotFound {
			t.Errorf("other community edits house: %v", err)
		}
		h2, err := address.UpdateHouse(ctx, db, w.edA, h.ID, h.Version, address.HouseInput{Use: "vacant", AreaDM2: 9000})
		if err != nil || h2.Use != address.UseVacant || h2.TenantCount != 0 || h2.Version != h.Version+1 {
			t.Fatalf("update house %+v, %v", h2, err)
		}
		if _, err := address.UpdateHouse(ctx, db, w.edA, h.ID, h.Version, address.HouseInput{Use: "own", AreaDM2: 9000}); errs.KindOf(err) != errs.Stale {
			t.Errorf("stale house update: %v", err)
		}
		if hs, err := address.ListHouses(ctx, db, w.commA, address.HouseFilter{BuildingCode: w.building}, 10, 0); err != nil || len(hs) != 1 {
			t.Errorf("ListHouses = %+v, %v", hs, err)
		}
		if hs, _ := address.ListHouses(ctx, db, w.commB, address.HouseFilter{}, 10, 0); len(hs) != 0 {
			t.Errorf("other community lists %d houses", len(hs))
		}

		// Retiring: a room with a house, a building address with rooms, refused.
		if err := svc.Retire(ctx, w.edA, room.ID, room.Version); errs.KindOf(err) != errs.Conflict {
			t.Errorf("retire room with house: %v", err)
		}
		if err := svc.Retire(ctx, w.edA, bld.ID, bld.Version); errs.KindOf(err) != errs.Conflict {
			t.Errorf("retire building with rooms: %v", err)
		}
		if err := address.RetireHouse(ctx, db, w.edA, h.ID, h2.Version); err != nil {
			t.Fatal(err)
		}
		if err := svc.Retire(ctx, w.edA, room.ID, room.Version); err != nil {
			t.Fatal(err)
		}
		if ms, _ := svc.Search(ctx, w.city, "胜利路12号1单元502", 5); len(ms) > 0 && ms[0].ID == room.ID {
			t.Errorf("retired address still found")
		}

		// Edit: a new point in the other grid moves the door plate there.
		lng2, lat2 := at(5, 1)
		moved, err := svc.Update(ctx, w.edA, door.ID, door.Version, address.Input{Road: "胜利路", DoorNo: "12", Lng: lng2, Lat: lat2, HasPoint: true})
		if err != nil || moved.GridCode != w.gridA2 || moved.Version != 2 {
			t.Fatalf("moved door %+v, %v", moved, err)
		}
		if m, err := svc.Resolve(ctx, "胜利路12号"); err != nil || m.GridCode != w.gridA2 {
			t.Errorf("after move Resolve = %+v, %v", m, err)
		}
	})
}

// TestIndexCatchesUpWithOtherNodes: an address written by another node
// (straight into the store) is found after the refresh interval.
func TestIndexCatchesUpWithOtherNodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		svc, err := address.NewService(ctx, db, w.locator)
		if err != nil {
			t.Fatal(err)
		}
		other, err := address.NewService(ctx, db, w.locator)
		if err != nil {
			t.Fatal(err)
		}
		a, err := other.Create(ctx, w.edA, address.Input{Road: "和平路", DoorNo: "7", GridCode: w.gridA1})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if m, err := svc.Resolve(ctx, "和平路7号"); err != nil || m.ID != a.ID {
			t.Fatalf("Resolve after refresh = %+v, %v", m, err)
		}
	})
}
