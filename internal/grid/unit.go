package grid

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/geo"
	"civicgrid/internal/store"
)

// Unit is a 单元 (stairwell) of a building.
type Unit struct {
	Code         string
	BuildingCode string
	Name         string
	Retired      bool
	CreatedAt    time.Time
}

// GetUnit returns one unit, or ErrNotFound.
func GetUnit(ctx context.Context, q store.Querier, code string) (Unit, error) {
	var u Unit
	var created int64
	err := q.QueryRowContext(ctx, `SELECT code, building_code, name, retired_at IS NOT NULL, created_at FROM units WHERE code = ?`, code).
		Scan(&u.Code, &u.BuildingCode, &u.Name, &u.Retired, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Unit{}, fmt.Errorf("%w: unit %s", ErrNotFound, code)
	}
	u.CreatedAt = store.Time(created)
	return u, err
}

// createUnit adds a unit to a building with the next code (building code +
// 2 digits), created at. Unknown building: ErrNotFound.
func createUnit(ctx context.Context, q store.Querier, buildingCode, name string, at time.Time) (Unit, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > geo.MaxNameLen {
		return Unit{}, fmt.Errorf("%w: unit name must be 1 to %d characters", ErrInvalid, geo.MaxNameLen)
	}
	if _, err := GetBuilding(ctx, q, buildingCode); err != nil {
		return Unit{}, err
	}
	code, err := nextChildCode(ctx, q, `SELECT code FROM units WHERE building_code = ? ORDER BY code DESC LIMIT 1`, buildingCode, 2)
	if err != nil {
		return Unit{}, err
	}
	now := store.Millis(at)
	_, err = q.ExecContext(ctx, `INSERT INTO units (code, building_code, name, created_at) VALUES (?, ?, ?, ?)`,
		code, buildingCode, name, now)
	if store.IsUniqueViolation(err) {
		return Unit{}, fmt.Errorf("%w: unit %s", ErrCodeTaken, code)
	}
	if err != nil {
		return Unit{}, err
	}
	return Unit{Code: code, BuildingCode: buildingCode, Name: name, CreatedAt: store.Time(now)}, nil
}

// ListUnits returns a building's units by code; ErrNotFound for an unknown
// building.
func ListUnits(ctx context.Context, q store.Querier, buildingCode string) ([]Unit, error) {
	if _, err := GetBuilding(ctx, q, buildingCode); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT code, building_code, name, created_at FROM units WHERE building_code = ? AND retired_at IS NULL ORDER BY code`, buildingCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		var u Unit
		var created int64
		if err := rows.Scan(&u.Code, &u.BuildingCode, &u.Name, &created); err != nil {
			return nil, err
		}
		u.CreatedAt = store.Time(created)
		out = append(out, u)
	}
	return out, rows.Err()
}
