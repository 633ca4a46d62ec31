package grid

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/geo"
	"civicgrid/internal/store"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// MaxAddressLen is the longest building address accepted, in characters.
const MaxAddressLen = 200

// Building is a 楼栋 inside a grid. Lng/Lat are meaningful only when
// HasPoint is true.
type Building struct {
	Code      string
	GridCode  string
	Name      string
	Address   string
	Lng, Lat  float64
	HasPoint  bool
	EstateID  int64 // 小区, 0 when none
	Retired   bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// createBuilding stores a building in b.GridCode, created at, and returns
// it with its code and times. b.Code may be given (grid code + 3 digits,
// not 000) or left "" for the next free one. A point, if given, must lie
// in the grid (ErrOutsideGrid, wrapped with ErrInvalid). Unknown grid:
// ErrNotFound; taken code: ErrCodeTaken.
func createBuilding(ctx context.Context, q store.Querier, b Building, at time.Time) (Building, error) {
	b.Name, b.Address = strings.TrimSpace(b.Name), strings.TrimSpace(b.Address)
	switch {
	case b.Name == "":
		return Building{}, fmt.Errorf("%w: building name is required", ErrInvalid)
	case utf8.RuneCountInString(b.Name) > geo.MaxNameLen:
		return Building{}, fmt.Errorf("%w: building name is longer than %d characters", ErrInvalid, geo.MaxNameLen)
	case utf8.RuneCountInString(b.Address) > MaxAddressLen:
		return Building{}, fmt.Errorf("%w: address is longer than %d characters", ErrInvalid, MaxAddressLen)
	}
	g, err := Get(ctx, q, b.GridCode)
	if err != nil {
		return Building{}, err
	}
	if b.HasPoint {
		if err := geo.ValidLngLat(b.Lng, b.Lat); err != nil {
			return Building{}, fmt.Errorf("%w: building position: %w", ErrInvalid, err)
		}
		if !geometryContains(g.Geometry, orb.Point{b.Lng, b.Lat}) {
			return Building{}, fmt.Errorf("%w: %w: [%g, %g] is not inside grid %s (%s)",
				ErrInvalid, ErrOutsideGrid, b.Lng, b.Lat, g.Code, g.Name)
		}
	}
	if b.Code == "" {
		if b.Code, err = nextChildCode(ctx, q, `SELECT code FROM buildings WHERE grid_code = ? ORDER BY code DESC LIMIT 1`, b.GridCode, 3); err != nil {
			return Building{}, err
		}
	} else if err := checkChildCode(b.Code, b.GridCode, 3); err != nil {
		return Building{}, err
	}
	now := at
	b.CreatedAt, b.UpdatedAt = store.Time(store.Millis(now)), store.Time(store.Millis(now))
	var lng, lat any
	if b.HasPoint {
		lng, lat = b.Lng, b.Lat
	}
	_, err = q.ExecContext(ctx, `INSERT INTO buildings (code, grid_code, name, address, lat, lng, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		b.Code, b.GridCode, b.Name, b.Address, lat, lng, store.Millis(now), store.Millis(now))
	if store.IsUniqueViolation(err) {
		return Building{}, fmt.Errorf("%w: building %s", ErrCodeTaken, b.Code)
	}
	if err != nil {
		return Building{}, err
	}
	return b, nil
}

func geometryContains(g orb.Geometry, p orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return planar.PolygonContains(g, p)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, p)
	}
	return false
}

const buildingColumns = `code, grid_code, name, address, lng, lat, COALESCE(estate_id, 0), retired_at IS NOT NULL, created_at, updated_at`

func scanBuilding(s scanner) (Building, error) {
	var b Building
	var lng, lat sql.NullFloat64
	var created, updated int64
	if err := s.Scan(&b.Code, &b.GridCode, &b.Name, &b.Address, &lng, &lat, &b.EstateID, &b.Retired, &created, &updated); err != nil {
		return Building{}, err
	}
	if lng.Valid && lat.Valid {
		b.Lng, b.Lat, b.HasPoint = lng.Float64, lat.Float64, true
	}
	b.CreatedAt, b.UpdatedAt = store.Time(created), store.Time(updated)
	return b, nil
}

// GetBuilding returns one building, or ErrNotFound.
func GetBuilding(ctx context.Context, q store.Querier, code string) (Building, error) {
	b, err := scanBuilding(q.QueryRowContext(ctx, `SELECT `+buildingColumns+` FROM buildings WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Building{}, fmt.Errorf("%w: building %s", ErrNotFound, code)
	}
	return b, err
}

// ListBuildings returns a grid's live buildings by code; ErrNotFound for
// an unknown grid.
func ListBuildings(ctx context.Context, q store.Querier, gridCode string) ([]Building, error) {
	if err := gridExists(ctx, q, gridCode); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+buildingColumns+` FROM buildings WHERE grid_code = ? AND retired_at IS NULL ORDER BY code`, gridCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Building
	for rows.Next() {
		b, err := scanBuilding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// nextChildCode returns parent + the next sequence of width digits after
// the highest child code that query (one ? for parent) returns.
func nextChildCode(ctx context.Context, q store.Querier, query, parent string, width int) (string, error) {
	var last string
	err := q.QueryRowContext(ctx, query, parent).Scan(&last)
	seq := 1
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return "", err
	default:
		n, convErr := strconv.Atoi(strings.TrimPrefix(last, parent))
		if convErr != nil {
			return "", fmt.Errorf("stored code %s does not extend %s", last, parent)
		}
		seq = n + 1
	}
	if limit := pow10(width) - 1; seq > limit {
		return "", fmt.Errorf("%w: %s already has %d children, the most its %d-digit codes allow", ErrInvalid, parent, limit, width)
	}
	return fmt.Sprintf("%s%0*d", parent, width, seq), nil
}

func checkChildCode(code, parent string, width int) error {
	tail, ok := strings.CutPrefix(code, parent)
	if !ok || len(tail) != width || !allDigits(tail) || strings.Trim(tail, "0") == "" {
		return fmt.Errorf("%w: code %q must be %s followed by %d digits, not all zero", ErrInvalid, code, parent, width)
	}
	return nil
}

func pow10(n int) int {
	p := 1
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}
