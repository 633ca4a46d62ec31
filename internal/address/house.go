package address

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// House uses (房屋用途).
const (
	UseOwn      = "own"      // 自住
	UseRent     = "rent"     // 出租
	UseVacant   = "vacant"   // 空置
	UseBusiness = "business" // 经营
	UseOther    = "other"    // 其他
)

// UseLabels are the Chinese names of the uses, in order.
var UseLabels = []struct{ Code, Label string }{
	{UseOwn, "自住"}, {UseRent, "出租"}, {UseVacant, "空置"}, {UseBusiness, "经营"}, {UseOther, "其他"},
}

// ParseUse takes a use code or its Chinese name.
func ParseUse(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, u := range UseLabels {
		if s == u.Code || s == u.Label {
			return u.Code, nil
		}
	}
	return "", invalid("house use %q: want one of own/自住, rent/出租, vacant/空置, business/经营, other/其他", s)
}

// House is a 实有房屋: one room address with its use, 建筑面积 and, for a
// rented one, the tenancy. Owners (people) come with the people register,
// keyed by the house id.
type House struct {
	ID            int64
	AddressID     int64
	AddressText   string
	BuildingCode  string
	UnitCode      string // the room address's 单元, "" when it names none
	GridCode      string
	CommunityCode string
	Use           string
	AreaDM2       int64 // 建筑面积 in dm² (0.01 m²), exact for weighing votes
	TenantCount   int
	LeaseStart    string // YYYY-MM-DD, "" when not rented
	LeaseEnd      string
	Version       int
	Retired       bool
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// HouseInput is a new or edited house.
type HouseInput struct {
	AddressID   int64
	Use         string
	AreaDM2     int64
	TenantCount int
	LeaseStart  string
	LeaseEnd    string
}

// MaxAreaDM2 bounds one house's area (100,000 m²: more is a typo).
const MaxAreaDM2 = 100_000 * 100

// ParseArea reads square metres with at most two decimals ("89.5") into
// dm², exactly (no float rounding).
func ParseArea(s string) (int64, error) {
	s = halfWidth(strings.TrimSpace(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "m²"), "平方米")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || strings.Trim(whole+frac, "0123456789") != "" || len(whole) > 7 {
		return 0, invalidAs(ErrArea, "area %q must be square metres with at most two decimals, e.g. 89.5", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, invalidAs(ErrArea, "area %q: %v", s, err)
	}
	return n, nil
}

// halfWidth maps full-width forms (８９．５) to ASCII and keeps the rest.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, s)
}

// FormatArea writes dm² as square metres ("89.50").
func FormatArea(dm2 int64) string { return fmt.Sprintf("%d.%02d", dm2/100, dm2%100) }

func checkHouse(in *HouseInput) error {
	var err error
	if in.Use, err = ParseUse(in.Use); err != nil {
		return err
	}
	switch {
	case in.AreaDM2 <= 0 || in.AreaDM2 > MaxAreaDM2:
		return invalidAs(ErrArea, "the area (建筑面积) must be more than 0 and at most %s m²", FormatArea(MaxAreaDM2))
	case in.TenantCount < 0 || in.TenantCount > 500:
		return invalidAs(ErrTenancy, "the tenant count must be 0 to 500")
	}
	in.LeaseStart, in.LeaseEnd = strings.TrimSpace(in.LeaseStart), strings.TrimSpace(in.LeaseEnd)
	if in.Use != UseRent {
		if in.TenantCount != 0 || in.LeaseStart != "" || in.LeaseEnd != "" {
			return invalidAs(ErrTenancy, "tenants and lease dates belong to a rented house (出租); this one is %s", in.Use)
		}
		return nil
	}
	var start, end time.Time
	for _, d := range []struct {
		s   string
		dst *time.Time
	}{{in.LeaseStart, &start}, {in.LeaseEnd, &end}} {
		if d.s == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", d.s)
		if err != nil {
			return invalidAs(ErrTenancy, "lease date %q must be YYYY-MM-DD", d.s)
		}
		*d.dst = t
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		return invalidAs(ErrTenancy, "the lease ends (%s) before it starts (%s)", in.LeaseEnd, in.LeaseStart)
	}
	return nil
}

// houseAddress loads the room address a house stands on and checks it.
func houseAddress(ctx context.Context, q store.Querier, scope auth.Scope, id int64) (Address, error) {
	a, err := Get(ctx, q, scope, id)
	if err != nil {
		return Address{}, err
	}
	switch {
	case a.Retired:
		return Address{}, invalid("address %d (%s) is retired", a.ID, a.Text)
	case a.BuildingCode == "":
		return Address{}, invalidAs(ErrNoBuilding, "address %d (%s) is in no building: a house is a 户室 of a building", a.ID, a.Text)
	case a.Level != LevelRoom:
		return Address{}, invalid("address %d (%s) is a %s, not a room (户室)", a.ID, a.Text, a.Level)
	}
	return a, nil
}

const houseColumns = `h.id, h.address_id, a.full_text, h.building_code, COALESCE(a.unit_code, ''), h.grid_code, h.community_code, h.house_use, h.area_dm2,
	h.tenant_count, h.lease_start, h.lease_end, h.version, h.retired_at IS NOT NULL, h.created_at, h.updated_at`

func scanHouse(s scanner) (House, error) {
	var h House
	var created, updated int64
	err := s.Scan(&h.ID, &h.AddressID, &h.AddressText, &h.BuildingCode, &h.UnitCode, &h.GridCode, &h.CommunityCode, &h.Use, &h.AreaDM2,
		&h.TenantCount, &h.LeaseStart, &h.LeaseEnd, &h.Version, &h.Retired, &created, &updated)
	h.CreatedAt, h.UpdatedAt = store.Time(created), store.Time(updated)
	return h, err
}

// CreateHouse registers the house at a room address in the scope; one
// live house per address.
func CreateHouse(ctx context.Context, q store.Querier, ed grid.Editor, in HouseInput) (House, error) {
	if err := mayEdit(ed); err != nil {
		return House{}, err
	}
	scope := ed.Scope
	if err := checkHouse(&in); err != nil {
		return House{}, err
	}
	a, err := houseAddress(ctx, q, scope, in.AddressID)
	if err != nil {
		return House{}, err
	}
	now := store.Millis(ed.At())
	var id int64
	err = q.QueryRowContext(ctx, `INSERT INTO houses (address_id, building_code, grid_code, community_code, house_use, area_dm2,
		tenant_count, lease_start, lease_end, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.ID, a.BuildingCode, a.GridCode, a.CommunityCode, in.Use, in.AreaDM2, in.TenantCount, in.LeaseStart, in.LeaseEnd, now, now).Scan(&id)
	if store.IsUniqueViolation(err) {
		return House{}, fmt.Errorf("%w: %s is already a registered house", ErrConflict, a.Text)
	}
	if err != nil {
		return House{}, err
	}
	return GetHouse(ctx, q, scope, id)
}

// GetHouse returns a house in the scope, or ErrNotFound.
func GetHouse(ctx context.Context, q store.Querier, scope auth.Scope, id int64) (House, error) {
	h, err := scanHouse(q.QueryRowContext(ctx, `SELECT `+houseColumns+` FROM houses h JOIN addresses a ON a.id = h.address_id WHERE h.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !scope.CoversRegion(h.GridCode)) {
		return House{}, notFound("house %d", id)
	}
	return h, err
}

// UpdateHouse changes a house's use, area and tenancy if version is
// current. The address stays: a house moves by retiring it and
// registering the new one.
func UpdateHouse(ctx context.Context, q store.Querier, ed grid.Editor, id int64, version int, in HouseInput) (House, error) {
	if err := mayEdit(ed); err != nil {
		return House{}, err
	}
	scope := ed.Scope
	old, err := GetHouse(ctx, q, scope, id)
	if err != nil {
		return House{}, err
	}
	if in.AddressID != 0 && in.AddressID != old.AddressID {
		return House{}, invalid("a house keeps its address; retire it and register the house at the new one")
	}
	if err := checkHouse(&in); err != nil {
		return House{}, err
	}
	res, err := q.ExecContext(ctx, `UPDATE houses SET house_use = ?, area_dm2 = ?, tenant_count = ?, lease_start = ?, lease_end = ?,
		version = version + 1, updated_at = ? WHERE id = ? AND version = ? AND retired_at IS NULL`,
		in.Use, in.AreaDM2, in.TenantCount, in.LeaseStart, in.LeaseEnd, store.Millis(ed.At()), id, version)
	if err != nil {
		return House{}, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return House{}, err
	} else if n == 0 {
		return House{}, fmt.Errorf("%w: house %d is at version %d, not %d (or retired)", ErrStale, id, old.Version, version)
	}
	if err := ed.Actor.Record(ctx, q, ed.At(), "house.update", fmt.Sprintf("house:%d", id),
		fmt.Sprintf("%s %s m² %d", in.Use, FormatArea(in.AreaDM2), in.TenantCount)); err != nil {
		return House{}, err
	}
	return GetHouse(ctx, q, scope, id)
}

// RetireHouse takes a house off the register (demolished, merged).
func RetireHouse(ctx context.Context, q store.Querier, ed grid.Editor, id int64, version int) error {
	if err := mayEdit(ed); err != nil {
		return err
	}
	old, err := GetHouse(ctx, q, ed.Scope, id)
	if err != nil {
		return err
	}
	now := store.Millis(ed.At())
	res, err := q.ExecContext(ctx, `UPDATE houses SET retired_at = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ? AND retired_at IS NULL`, now, now, id, version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("%w: house %d is at version %d, not %d (or retired)", ErrStale, id, old.Version, version)
	}
	return ed.Actor.Record(ctx, q, ed.At(), "house.retire", fmt.Sprintf("house:%d", id), old.AddressText)
}

// HouseFilter narrows ListHouses; Under is a region or grid prefix.
type HouseFilter struct {
	Under        string
	BuildingCode string
	Use          string
}

// ListHouses returns live houses in the scope, by address.
func ListHouses(ctx context.Context, q store.Querier, scope auth.Scope, f HouseFilter, limit, offset int) ([]House, error) {
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
	where := []string{`h.grid_code LIKE ?`, `h.retired_at IS NULL`}
	args := []any{prefix + "%"}
	if f.BuildingCode != "" {
		where, args = append(where, `h.building_code = ?`), append(args, f.BuildingCode)
	}
	if f.Use != "" {
		use, err := ParseUse(f.Use)
		if err != nil {
			return nil, err
		}
		where, args = append(where, `h.house_use = ?`), append(args, use)
	}
	args = append(args, limit, offset)
	rows, err := q.QueryContext(ctx, `SELECT `+houseColumns+` FROM houses h JOIN addresses a ON a.id = h.address_id
		WHERE `+strings.Join(where, ` AND `)+` ORDER BY a.full_text, h.id LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []House
	for rows.Next() {
		h, err := scanHouse(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
