package grid

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"civicgrid/internal/errs"
	"civicgrid/internal/geo"
	"civicgrid/internal/store"

	"github.com/paulmach/orb"
)

// ErrInUse: something live still stands on what was to be retired.
var ErrInUse = errs.New(errs.Conflict, "still in use")

// checkEstate checks a 小区 is live and in the grid's community.
func checkEstate(ctx context.Context, q store.Querier, estateID int64, gridCode string) error {
	if estateID == 0 {
		return nil
	}
	var community string
	err := q.QueryRowContext(ctx, `SELECT community_code FROM estates WHERE id = ? AND retired_at IS NULL`, estateID).Scan(&community)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !strings.HasPrefix(gridCode, community)) {
		return fmt.Errorf("%w: estate %d is not a live 小区 of the grid's community", ErrInvalid, estateID)
	}
	return err
}

// CreateBuildingAs is CreateBuilding by an editor, in a 小区 when
// b.EstateID is set, audited.
func CreateBuildingAs(ctx context.Context, q store.Querier, ed Editor, b Building) (Building, error) {
	if err := ed.CheckRegister("grid", b.GridCode); err != nil {
		return Building{}, err
	}
	if err := checkEstate(ctx, q, b.EstateID, b.GridCode); err != nil {
		return Building{}, err
	}
	out, err := createBuilding(ctx, q, b, ed.At())
	if err != nil {
		return Building{}, err
	}
	if b.EstateID != 0 {
		if _, err := q.ExecContext(ctx, `UPDATE buildings SET estate_id = ? WHERE code = ?`, b.EstateID, out.Code); err != nil {
			return Building{}, err
		}
		out.EstateID = b.EstateID
	}
	return out, ed.Actor.Record(ctx, q, ed.At(), "building.create", "building:"+out.Code, out.Name)
}

// BuildingEdit is what UpdateBuilding may change; the grid stays (a
// building that moves grid is retired and created again).
type BuildingEdit struct {
	Name     string
	Address  string
	EstateID int64
	Lng, Lat float64
	HasPoint bool
}

// UpdateBuilding edits a live building in the editor's scope, audited.
func UpdateBuilding(ctx context.Context, q store.Querier, ed Editor, code string, e BuildingEdit) (Building, error) {
	b, err := GetBuilding(ctx, q, code)
	if err == nil {
		err = ed.CheckRegister("building", b.GridCode)
	}
	if err != nil {
		return Building{}, err
	}
	if b.Retired {
		return Building{}, fmt.Errorf("%w: building %s is retired", ErrInvalid, code)
	}
	e.Name, e.Address = strings.TrimSpace(e.Name), strings.TrimSpace(e.Address)
	switch {
	case e.Name == "" || utf8.RuneCountInString(e.Name) > geo.MaxNameLen:
		return Building{}, fmt.Errorf("%w: building name must be 1 to %d characters", ErrInvalid, geo.MaxNameLen)
	case utf8.RuneCountInString(e.Address) > MaxAddressLen:
		return Building{}, fmt.Errorf("%w: address is longer than %d characters", ErrInvalid, MaxAddressLen)
	}
	if err := checkEstate(ctx, q, e.EstateID, b.GridCode); err != nil {
		return Building{}, err
	}
	var lng, lat any
	if e.HasPoint {
		g, err := Get(ctx, q, b.GridCode)
		if err != nil {
			return Building{}, err
		}
		if err := geo.ValidLngLat(e.Lng, e.Lat); err != nil {
			return Building{}, fmt.Errorf("%w: building position: %w", ErrInvalid, err)
		}
		if !geometryContains(g.Geometry, orb.Point{e.Lng, e.Lat}) {
			return Building{}, fmt.Errorf("%w: %w: [%g, %g] is not inside grid %s", ErrInvalid, ErrOutsideGrid, e.Lng, e.Lat, g.Code)
		}
		lng, lat = e.Lng, e.Lat
	}
	var estate any
	if e.EstateID != 0 {
		estate = e.EstateID
	}
	if _, err := q.ExecContext(ctx, `UPDATE buildings SET name = ?, address = ?, estate_id = ?, lng = ?, lat = ?, updated_at = ? WHERE code = ?`,
		e.Name, e.Address, estate, lng, lat, store.Millis(ed.At()), code); err != nil {
		return Building{}, err
	}
	if err := ed.Actor.Record(ctx, q, ed.At(), "building.update", "building:"+code, e.Name); err != nil {
		return Building{}, err
	}
	return GetBuilding(ctx, q, code)
}

// RetireBuilding takes a building out of use; refused while live
// addresses, houses or units stand in it. Its posts end with it.
func RetireBuilding(ctx context.Context, q store.Querier, ed Editor, code string) error {
	b, err := GetBuilding(ctx, q, code)
	if err == nil {
		err = ed.CheckRegister("building", b.GridCode)
	}
	if err != nil || b.Retired {
		return err
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM addresses WHERE building_code = ? AND retired_at IS NULL)
		+ (SELECT COUNT(*) FROM houses WHERE building_code = ? AND retired_at IS NULL)
		+ (SELECT COUNT(*) FROM units WHERE building_code = ? AND retired_at IS NULL)`, code, code, code).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%w: building %s still has %d live units, addresses or houses; retire those first", ErrInUse, code, n)
	}
	now := store.Millis(ed.At())
	if _, err := q.ExecContext(ctx, `UPDATE buildings SET retired_at = ?, updated_at = ? WHERE code = ?`, now, now, code); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM building_members WHERE building_code = ?`, code); err != nil {
		return err
	}
	return ed.Actor.Record(ctx, q, ed.At(), "building.retire", "building:"+code, b.Name)
}

// CreateUnitAs is CreateUnit by an editor, audited.
func CreateUnitAs(ctx context.Context, q store.Querier, ed Editor, buildingCode, name string) (Unit, error) {
	b, err := GetBuilding(ctx, q, buildingCode)
	if err == nil {
		err = ed.CheckRegister("building", b.GridCode)
	}
	if err != nil {
		return Unit{}, err
	}
	if b.Retired {
		return Unit{}, fmt.Errorf("%w: building %s is retired", ErrInvalid, buildingCode)
	}
	u, err := createUnit(ctx, q, buildingCode, name, ed.At())
	if err != nil {
		return Unit{}, err
	}
	return u, ed.Actor.Record(ctx, q, ed.At(), "unit.create", "unit:"+u.Code, name)
}

// RetireUnit takes a unit out of use; refused while live addresses name it.
func RetireUnit(ctx context.Context, q store.Querier, ed Editor, code string) error {
	u, err := GetUnit(ctx, q, code)
	if err == nil {
		err = ed.CheckRegister("unit", code)
	}
	if err != nil || u.Retired {
		return err
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM addresses WHERE unit_code = ? AND retired_at IS NULL`, code).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%w: unit %s still has %d live addresses; retire those first", ErrInUse, code, n)
	}
	if _, err := q.ExecContext(ctx, `UPDATE units SET retired_at = ? WHERE code = ?`, store.Millis(ed.At()), code); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM building_members WHERE unit_code = ?`, code); err != nil {
		return err
	}
	return ed.Actor.Record(ctx, q, ed.At(), "unit.retire", "unit:"+code, u.Name)
}
