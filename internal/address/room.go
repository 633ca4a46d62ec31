package address

import (
	"context"
	"fmt"

	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// NewRoom is a new 户室 of a registered building with its house: the
// room number, optionally its unit, and the house's use, area and tenancy.
// Road and door plate come from the building's own standard address
// unless given.
type NewRoom struct {
	BuildingCode string
	UnitCode     string
	RoomNo       string
	Road, DoorNo string
	House        HouseInput
}

// RegisterRoom adds the room's standard address and its house together
// (run it in a transaction: a house is refused without its room, and the
// room is not kept without its house). A building without a standard
// address of its own needs Road and DoorNo.
func RegisterRoom(ctx context.Context, q store.Querier, ed grid.Editor, loc Locator, in NewRoom) (House, error) {
	if err := mayEdit(ed); err != nil {
		return House{}, err
	}
	if in.BuildingCode == "" {
		return House{}, invalidAs(ErrNoBuilding, "a house needs its registered building: a house in no building is not a 户室")
	}
	if in.RoomNo == "" {
		return House{}, invalid("the room number (户室号) must be given")
	}
	b, err := grid.GetBuilding(ctx, q, in.BuildingCode)
	if err == nil {
		err = ed.CheckRegister("building", b.GridCode)
	}
	if err != nil {
		return House{}, err
	}
	// Check the house first so a bad area refuses before anything is written.
	h := in.House
	if err := checkHouse(&h); err != nil {
		return House{}, err
	}
	if in.Road == "" && in.DoorNo == "" {
		bs, err := List(ctx, q, ed.Scope, Filter{BuildingCode: in.BuildingCode, Level: LevelBuilding}, 1, 0)
		if err != nil {
			return House{}, err
		}
		if len(bs) == 0 {
			return House{}, invalidAs(ErrNoRoad, "building %s has no standard address yet: give the road (街路巷) and door number (门牌号)", in.BuildingCode)
		}
		in.Road, in.DoorNo = bs[0].Road, bs[0].DoorNo
	}
	a, err := Create(ctx, q, ed, loc, Input{Road: in.Road, DoorNo: in.DoorNo, BuildingCode: in.BuildingCode,
		UnitCode: in.UnitCode, RoomNo: in.RoomNo})
	if err != nil {
		return House{}, err
	}
	h.AddressID = a.ID
	out, err := CreateHouse(ctx, q, ed, h)
	if err != nil {
		return House{}, err
	}
	return out, ed.Actor.Record(ctx, q, ed.At(), "house.create", fmt.Sprintf("house:%d", out.ID), a.Text)
}

// RetireRoom retires a house and then its room address (run it in a
// transaction), so the building can be retired once its rooms are gone.
// The address stays when other addresses stand under it.
func RetireRoom(ctx context.Context, q store.Querier, ed grid.Editor, houseID int64, version int) error {
	h, err := GetHouse(ctx, q, ed.Scope, houseID)
	if err != nil {
		return err
	}
	if err := RetireHouse(ctx, q, ed, houseID, version); err != nil {
		return err
	}
	a, err := Get(ctx, q, ed.Scope, h.AddressID)
	if err != nil {
		return err
	}
	if n, err := liveChildren(ctx, q, a.ID); err != nil || n > 0 {
		return err
	}
	return Retire(ctx, q, ed, a.ID, a.Version)
}
