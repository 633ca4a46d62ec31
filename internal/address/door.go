package address

import (
	"context"

	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// RenameDoor corrects a door plate's road and number (a typo, a renamed
// street), keeping its grid and point: the /houses page's edit, which
// shows neither. Update's rules hold: a plate with addresses under it keeps
// its text (Conflict), a stale version is Stale.
func RenameDoor(ctx context.Context, q store.Querier, ed grid.Editor, loc Locator, id int64, version int, road, doorNo string) (Address, error) {
	old, err := Get(ctx, q, ed.Scope, id)
	if err != nil {
		return Address{}, err
	}
	if old.Level != LevelDoor {
		return Address{}, invalid("address %d is not a door plate (门牌)", id)
	}
	return Update(ctx, q, ed, loc, id, version, Input{Road: road, DoorNo: doorNo, GridCode: old.GridCode,
		Lng: old.Lng, Lat: old.Lat, HasPoint: old.HasPoint})
}
