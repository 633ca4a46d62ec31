package address_test

import (
	"context"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestRegisterRoom: a room and its house in one step, road and door from
// the building's own address; bad input and other roles and scopes change
// nothing.
func TestRegisterRoom(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		count := func() (n int) {
			if err := db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM addresses) + (SELECT COUNT(*) FROM houses)`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		room := func(ed grid.Editor, in address.NewRoom) (address.House, error) {
			var h address.House
			err := db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				h, err = address.RegisterRoom(ctx, tx, ed, w.locator, in)
				return err
			})
			return h, err
		}
		house := address.HouseInput{Use: "出租", AreaDM2: 8950, TenantCount: 2, LeaseStart: "2026-01-01", LeaseEnd: "2026-12-31"}
		// Without a building address the road and door must be given.
		if _, err := room(w.edA, address.NewRoom{BuildingCode: w.building, UnitCode: w.unit1, RoomNo: "501", House: house}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("room without a road: %v", err)
		}
		if _, err := address.Create(ctx, db, w.edA, w.locator, address.Input{Road: "胜利路", DoorNo: "12", BuildingCode: w.building}); err != nil {
			t.Fatal(err)
		}
		before := count()
		for name, c := range map[string]struct {
			ed   grid.Editor
			in   address.NewRoom
			kind errs.Kind
		}{
			"no building":      {w.edA, address.NewRoom{RoomNo: "501", House: house}, errs.Invalid},
			"zero area":        {w.edA, address.NewRoom{BuildingCode: w.building, RoomNo: "501", House: address.HouseInput{Use: "自住"}}, errs.Invalid},
			"tenants of own":   {w.edA, address.NewRoom{BuildingCode: w.building, RoomNo: "501", House: address.HouseInput{Use: "自住", AreaDM2: 100, TenantCount: 1}}, errs.Invalid},
			"no room":          {w.edA, address.NewRoom{BuildingCode: w.building, House: house}, errs.Invalid},
			"other community":  {w.edB, address.NewRoom{BuildingCode: w.building, RoomNo: "501", House: house}, errs.NotFound},
			"operator":         {grid.Editor{Role: auth.RoleOperator, Scope: w.city}, address.NewRoom{BuildingCode: w.building, RoomNo: "501", House: house}, errs.Forbidden},
			"foreign unit":     {w.edB, address.NewRoom{BuildingCode: w.buildingB, UnitCode: w.unit1, RoomNo: "1", Road: "新路", DoorNo: "1", House: house}, errs.Invalid},
			"retired building": {w.edA, address.NewRoom{BuildingCode: "nope", RoomNo: "501", Road: "胜利路", DoorNo: "12", House: house}, errs.NotFound},
		} {
			if _, err := room(c.ed, c.in); !errs.Is(err, c.kind) {
				t.Errorf("%s: %v, want %v", name, err, c.kind)
			}
		}
		if n := count(); n != before {
			t.Fatalf("refused rooms wrote %d rows", n-before)
		}
		h, err := room(w.edA, address.NewRoom{BuildingCode: w.building, UnitCode: w.unit1, RoomNo: "５０１室", House: house})
		if err != nil {
			t.Fatal(err)
		}
		if h.AddressText != "明山区东兴街道胜利路12号3栋1单元501室" || h.Use != address.UseRent || h.AreaDM2 != 8950 || h.TenantCount != 2 {
			t.Fatalf("house %+v", h)
		}
		if _, err := room(w.edA, address.NewRoom{BuildingCode: w.building, UnitCode: w.unit1, RoomNo: "501", House: house}); !errs.Is(err, errs.Conflict) {
			t.Errorf("the same room twice: %v", err)
		}
		// Retiring the room takes the house and its address; the same room
		// can then be registered again.
		if err := address.RetireRoom(ctx, db, w.edB, h.ID, h.Version); !errs.Is(err, errs.NotFound) {
			t.Errorf("another community retired the room: %v", err)
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error { return address.RetireRoom(ctx, tx, w.edA, h.ID, h.Version) }); err != nil {
			t.Fatal(err)
		}
		if a, err := address.Get(ctx, db, w.commA, h.AddressID); err != nil || !a.Retired {
			t.Errorf("room address after retiring: %+v %v", a, err)
		}
		for _, action := range []string{"house.create", "house.retire", "address.retire"} {
			if es, err := audit.List(ctx, db, audit.Filter{Action: action}); err != nil || len(es) != 1 {
				t.Errorf("audit %s: %+v %v", action, es, err)
			}
		}
		if _, err := room(w.edA, address.NewRoom{BuildingCode: w.building, UnitCode: w.unit1, RoomNo: "501", House: house}); err != nil {
			t.Errorf("the room again after retiring: %v", err)
		}
	})
}
