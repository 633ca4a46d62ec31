package address

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// Address is one standard address. Lng/Lat mean something only when
// HasPoint. EstateID, ParentID are 0 when there is none.
type Address struct {
	ID            int64
	ParentID      int64
	Level         string
	CommunityCode string
	GridCode      string
	Road          string // 街路巷
	DoorNo        string // 门牌号, digits (12, 12-1)
	EstateID      int64
	BuildingCode  string
	BuildingNo    string
	UnitCode      string
	UnitNo        string
	RoomNo        string
	Text          string // local standard form: 胜利路12号阳光小区3栋2单元502室
	FullText      string // with the district and street: 明山区东兴街道胜利路12号…
	Lng, Lat      float64
	HasPoint      bool
	Version       int
	Retired       bool
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (a Address) entry() Entry {
	return Entry{ID: a.ID, Text: a.FullText, GridCode: a.GridCode, CommunityCode: a.CommunityCode, Level: a.Level}
}

const addressColumns = `id, COALESCE(parent_id, 0), level, community_code, grid_code, road, door_no, COALESCE(estate_id, 0),
	COALESCE(building_code, ''), building_no, COALESCE(unit_code, ''), unit_no, room_no, text, full_text, lng, lat,
	version, retired_at, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanAddress(s scanner) (Address, error) {
	var a Address
	var lng, lat sql.NullFloat64
	var retired sql.NullInt64
	var created, updated int64
	err := s.Scan(&a.ID, &a.ParentID, &a.Level, &a.CommunityCode, &a.GridCode, &a.Road, &a.DoorNo, &a.EstateID,
		&a.BuildingCode, &a.BuildingNo, &a.UnitCode, &a.UnitNo, &a.RoomNo, &a.Text, &a.FullText, &lng, &lat,
		&a.Version, &retired, &created, &updated)
	if err != nil {
		return Address{}, err
	}
	if lng.Valid && lat.Valid {
		a.Lng, a.Lat, a.HasPoint = lng.Float64, lat.Float64, true
	}
	a.Retired = retired.Valid
	a.CreatedAt, a.UpdatedAt = store.Time(created), store.Time(updated)
	return a, nil
}

// Get returns an address (retired ones too) if it lies in the scope;
// otherwise ErrNotFound.
func Get(ctx context.Context, q store.Querier, scope auth.Scope, id int64) (Address, error) {
	a, err := scanAddress(q.QueryRowContext(ctx, `SELECT `+addressColumns+` FROM addresses WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !scope.CoversRegion(a.GridCode)) {
		return Address{}, notFound("address %d", id)
	}
	return a, err
}

// Filter narrows List. Empty fields do not filter; Under is a region or
// grid code prefix inside the caller's scope.
type Filter struct {
	Under        string
	BuildingCode string
	ParentID     int64
	Level        string
	WithRetired  bool
}

// MaxList bounds one page of List.
const MaxList = 1000

// List returns the live addresses in the scope that pass f, by id.
func List(ctx context.Context, q store.Querier, scope auth.Scope, f Filter, limit, offset int) ([]Address, error) {
	prefix := scope.RegionPrefix()
	if prefix == "" {
		return nil, nil
	}
	if f.Under != "" {
		if !scope.CoversRegion(f.Under) {
			return nil, notFound("region %s", f.Under)
		}
		prefix = f.Under
	}
	if limit <= 0 || limit > MaxList {
		limit = MaxList
	}
	where := []string{`grid_code LIKE ?`}
	args := []any{prefix + "%"}
	if !f.WithRetired {
		where = append(where, `retired_at IS NULL`)
	}
	if f.BuildingCode != "" {
		where, args = append(where, `building_code = ?`), append(args, f.BuildingCode)
	}
	if f.ParentID != 0 {
		where, args = append(where, `parent_id = ?`), append(args, f.ParentID)
	}
	if f.Level != "" {
		where, args = append(where, `level = ?`), append(args, f.Level)
	}
	args = append(args, limit, offset)
	rows, err := q.QueryContext(ctx, `SELECT `+addressColumns+` FROM addresses WHERE `+strings.Join(where, ` AND `)+
		` ORDER BY id LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Address
	for rows.Next() {
		a, err := scanAddress(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
