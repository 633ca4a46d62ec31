package address

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/auth"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// Locator finds the grid a point lies in; the real one is *grid.Locator.
type Locator interface {
	Locate(lng, lat float64) (gridCode string, ok bool)
}

// Input is a new or edited address. The level follows from what is given:
// a room number makes a room (户室), else a unit a unit, else a building a
// building, else a door plate. Building, unit and room addresses need the
// registered building (BuildingCode); their grid and point come from it
// unless a point is given. A door plate needs a point or a GridCode.
type Input struct {
	Road         string
	DoorNo       string
	EstateID     int64
	BuildingCode string
	BuildingNo   string // derived from the building's name when ""
	UnitCode     string
	UnitNo       string // derived from the unit's name when ""
	RoomNo       string
	GridCode     string
	Lng, Lat     float64
	HasPoint     bool
}

const maxRoad = 40

var noPattern = regexp.MustCompile(`^[0-9A-Z]{1,8}(-[0-9A-Z]{1,4})?$`)

// cleanNo folds a house number and drops the word after it (12号 → 12,
// 3单元 → 3); the result is letters and digits with at most one dash.
func cleanNo(field, s string, suffixes ...string) (string, error) {
	s = Fold(s)
	for _, suf := range suffixes {
		s = strings.TrimSuffix(s, suf)
	}
	if s == "" {
		return "", nil
	}
	if !noPattern.MatchString(s) {
		return "", invalid("%s %q must be up to 8 letters or digits, optionally -1 style (e.g. 12, 12-1, A)", field, s)
	}
	return s, nil
}

// firstNumber is the first number in a name (3号楼 → 3, 2单元 → 2).
func firstNumber(name string) string {
	if p := Parse(name); len(p.Nums) > 0 {
		return p.Nums[0].Value
	}
	return ""
}

// resolved is an Input checked against the store.
type resolved struct {
	Address
	estateName string
}

func (s Input) level() string {
	switch {
	case s.RoomNo != "":
		return LevelRoom
	case s.UnitNo != "" || s.UnitCode != "":
		return LevelUnit
	case s.BuildingNo != "" || s.BuildingCode != "":
		return LevelBuilding
	}
	return LevelDoor
}

// resolve checks in and fills grid, community, texts and the parent. It
// answers ErrNotFound for a building, grid or estate outside the scope.
func resolve(ctx context.Context, q store.Querier, scope auth.Scope, loc Locator, in Input) (resolved, error) {
	var r resolved
	var err error
	in.Road = strings.TrimSpace(in.Road)
	switch {
	case in.Road == "":
		return r, invalidAs(ErrNoRoad, "the road (街路巷) must be given")
	case utf8.RuneCountInString(in.Road) > maxRoad:
		return r, invalid("the road (街路巷) is longer than %d characters", maxRoad)
	case strings.IndexFunc(in.Road, func(c rune) bool { return unicode.IsControl(c) || unicode.IsSpace(c) }) >= 0:
		return r, invalid("the road (街路巷) %q must be one word without spaces", in.Road)
	}
	if in.DoorNo, err = cleanNo("door number (门牌号)", in.DoorNo, "号"); err != nil {
		return r, err
	}
	if in.DoorNo == "" || in.DoorNo[0] < '0' || in.DoorNo[0] > '9' {
		return r, invalidAs(ErrNoRoad, "the door number (门牌号) must be given and start with a digit")
	}
	if in.BuildingNo, err = cleanNo("building number (楼栋号)", in.BuildingNo, "号楼", "栋", "幢", "座", "号"); err != nil {
		return r, err
	}
	if in.UnitNo, err = cleanNo("unit number (单元号)", in.UnitNo, "单元"); err != nil {
		return r, err
	}
	if in.RoomNo, err = cleanNo("room number (户室号)", in.RoomNo, "室", "户", "号"); err != nil {
		return r, err
	}
	a := &r.Address
	a.Level = in.level()
	a.Road, a.DoorNo, a.RoomNo = in.Road, in.DoorNo, in.RoomNo
	gridCode := strings.TrimSpace(in.GridCode)
	if in.HasPoint {
		if err := geo.ValidLngLat(in.Lng, in.Lat); err != nil {
			return r, invalid("position: %v", err)
		}
		a.Lng, a.Lat, a.HasPoint = in.Lng, in.Lat, true
	}
	if a.Level != LevelDoor {
		if in.BuildingCode == "" {
			return r, invalidAs(ErrNoBuilding, "a %s address needs its registered building (building_code): a house in no building is not a 户室", a.Level)
		}
		b, err := grid.GetBuilding(ctx, q, in.BuildingCode)
		if errors.Is(err, grid.ErrNotFound) || (err == nil && !scope.CoversRegion(b.GridCode)) {
			return r, notFound("building %s", in.BuildingCode)
		}
		if err != nil {
			return r, err
		}
		if b.Retired {
			return r, invalid("building %s (%s) is retired", b.Code, b.Name)
		}
		if gridCode != "" && gridCode != b.GridCode {
			return r, invalid("building %s lies in grid %s, not %s", b.Code, b.GridCode, gridCode)
		}
		gridCode = b.GridCode
		if !a.HasPoint && b.HasPoint {
			a.Lng, a.Lat, a.HasPoint = b.Lng, b.Lat, true
		}
		if in.BuildingNo == "" {
			if in.BuildingNo = firstNumber(b.Name); in.BuildingNo == "" {
				return r, invalid("building %s is named %q without a number: give building_no", b.Code, b.Name)
			}
		}
		if in.EstateID == 0 {
			in.EstateID = b.EstateID
		}
		a.BuildingCode, a.BuildingNo = b.Code, in.BuildingNo
		if in.UnitCode != "" {
			u, err := grid.GetUnit(ctx, q, in.UnitCode)
			if errors.Is(err, grid.ErrNotFound) || (err == nil && u.BuildingCode != b.Code) {
				return r, invalid("unit %s is not a unit of building %s", in.UnitCode, b.Code)
			}
			if err != nil {
				return r, err
			}
			if u.Retired {
				return r, invalid("unit %s is retired", u.Code)
			}
			if in.UnitNo == "" {
				if in.UnitNo = firstNumber(u.Name); in.UnitNo == "" {
					return r, invalid("unit %s is named %q without a number: give unit_no", u.Code, u.Name)
				}
			}
		}
		a.UnitCode, a.UnitNo = in.UnitCode, in.UnitNo
	}
	if a.HasPoint && loc != nil {
		found, ok := loc.Locate(a.Lng, a.Lat)
		switch {
		case !ok && gridCode == "":
			return r, invalidAs(ErrNoGrid, "[%g, %g] lies in no grid: an address must lie in a grid", a.Lng, a.Lat)
		case ok && gridCode == "":
			gridCode = found
		case ok && found != gridCode && a.Level == LevelDoor:
			return r, invalid("the point lies in grid %s, not %s", found, gridCode)
		}
	}
	if gridCode == "" {
		return r, invalidAs(ErrNoGrid, "an address must lie in a grid: give a point inside one, or the grid code")
	}
	g, err := grid.Get(ctx, q, gridCode)
	if errors.Is(err, grid.ErrNotFound) || (err == nil && !scope.CoversRegion(g.Code)) {
		return r, notFound("grid %s", gridCode)
	}
	if err != nil {
		return r, err
	}
	a.GridCode, a.CommunityCode = g.Code, g.CommunityCode
	if in.EstateID != 0 {
		e, err := GetEstate(ctx, q, scope, in.EstateID)
		if err != nil {
			return r, err
		}
		if e.CommunityCode != a.CommunityCode || e.Retired {
			return r, invalid("estate %d (%s) is not a live 小区 of community %s", e.ID, e.Name, a.CommunityCode)
		}
		a.EstateID, r.estateName = e.ID, e.Name
	}
	a.Text = standardText(a.Road, a.DoorNo, r.estateName, a.BuildingNo, a.UnitNo, a.RoomNo)
	if a.FullText, err = withRegions(ctx, q, a.CommunityCode, a.Text); err != nil {
		return r, err
	}
	if a.ParentID, err = parentOf(ctx, q, a.CommunityCode, a.Level, a.Road, a.DoorNo, r.estateName, a.BuildingNo, a.UnitNo); err != nil {
		return r, err
	}
	return r, nil
}

// standardText is the local standard form; each part is left out when
// empty: 胜利路12号阳光小区3栋2单元502室.
func standardText(road, door, estate, building, unit, room string) string {
	var b strings.Builder
	b.WriteString(road)
	b.WriteString(door + "号")
	b.WriteString(estate)
	if building != "" {
		b.WriteString(building + "栋")
	}
	if unit != "" {
		b.WriteString(unit + "单元")
	}
	if room != "" {
		b.WriteString(room + "室")
	}
	return b.String()
}

// withRegions prefixes the district and street names (明山区东兴街道).
func withRegions(ctx context.Context, q store.Querier, community, text string) (string, error) {
	var prefix strings.Builder
	for _, code := range []string{community[:6], community[:9]} {
		r, err := org.GetRegion(ctx, q, code)
		if errors.Is(err, org.ErrNotFound) {
			continue
		}
		if err != nil {
			return "", err
		}
		prefix.WriteString(r.Name)
	}
	return prefix.String() + text, nil
}

// parentOf finds the live address one level up (room → unit or building,
// unit → building, building → door plate); 0 when it is not registered.
func parentOf(ctx context.Context, q store.Querier, community, level, road, door, estate, building, unit string) (int64, error) {
	var texts []string
	switch level {
	case LevelRoom:
		if unit != "" {
			texts = append(texts, standardText(road, door, estate, building, unit, ""))
		}
		texts = append(texts, standardText(road, door, estate, building, "", ""))
	case LevelUnit:
		texts = append(texts, standardText(road, door, estate, building, "", ""))
	case LevelBuilding:
		texts = append(texts, standardText(road, door, "", "", "", ""))
	default:
		return 0, nil
	}
	for _, t := range texts {
		var id int64
		err := q.QueryRowContext(ctx, `SELECT id FROM addresses WHERE community_code = ? AND text = ? AND retired_at IS NULL`, community, t).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
	}
	return 0, nil
}

func nullable[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

func point(a Address) (lng, lat any) {
	if a.HasPoint {
		return a.Lng, a.Lat
	}
	return nil, nil
}

// Create stores a new standard address in the scope. Run it in a
// transaction when several must go together.
func Create(ctx context.Context, q store.Querier, ed grid.Editor, loc Locator, in Input) (Address, error) {
	if err := mayEdit(ed); err != nil {
		return Address{}, err
	}
	r, err := resolve(ctx, q, ed.Scope, loc, in)
	if err != nil {
		return Address{}, err
	}
	a := r.Address
	now := store.Millis(ed.At())
	lng, lat := point(a)
	err = q.QueryRowContext(ctx, `INSERT INTO addresses (parent_id, level, community_code, grid_code, road, door_no, estate_id,
		building_code, building_no, unit_code, unit_no, room_no, text, full_text, lng, lat, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		nullable(a.ParentID), a.Level, a.CommunityCode, a.GridCode, a.Road, a.DoorNo, nullable(a.EstateID),
		nullable(a.BuildingCode), a.BuildingNo, nullable(a.UnitCode), a.UnitNo, a.RoomNo, a.Text, a.FullText, lng, lat, now, now).Scan(&a.ID)
	if store.IsUniqueViolation(err) {
		return Address{}, fmt.Errorf("%w: %s is already a standard address of community %s", ErrConflict, a.Text, a.CommunityCode)
	}
	if err != nil {
		return Address{}, err
	}
	a.Version, a.CreatedAt, a.UpdatedAt = 1, store.Time(now), store.Time(now)
	return a, nil
}

// Update replaces an address's parts (in as for Create) if version is
// still current. Renaming an address that has live addresses under it is
// refused: their texts would no longer agree.
func Update(ctx context.Context, q store.Querier, ed grid.Editor, loc Locator, id int64, version int, in Input) (Address, error) {
	if err := mayEdit(ed); err != nil {
		return Address{}, err
	}
	scope := ed.Scope
	old, err := Get(ctx, q, scope, id)
	if err != nil {
		return Address{}, err
	}
	if old.Retired {
		return Address{}, fmt.Errorf("%w: address %d is retired", ErrConflict, id)
	}
	r, err := resolve(ctx, q, scope, loc, in)
	if err != nil {
		return Address{}, err
	}
	a := r.Address
	if a.Text != old.Text || a.Level != old.Level {
		if n, err := liveChildren(ctx, q, id); err != nil {
			return Address{}, err
		} else if n > 0 {
			return Address{}, fmt.Errorf("%w: %s has %d addresses under it; change or retire those first", ErrConflict, old.Text, n)
		}
		if n, err := liveHouses(ctx, q, id); err != nil {
			return Address{}, err
		} else if n > 0 && a.Level != LevelRoom {
			return Address{}, fmt.Errorf("%w: %s is a house's address; a house needs a room (户室)", ErrConflict, old.Text)
		}
	}
	if a.ParentID == id {
		a.ParentID = old.ParentID
	}
	now := store.Millis(ed.At())
	lng, lat := point(a)
	res, err := q.ExecContext(ctx, `UPDATE addresses SET parent_id = ?, level = ?, community_code = ?, grid_code = ?, road = ?, door_no = ?,
		estate_id = ?, building_code = ?, building_no = ?, unit_code = ?, unit_no = ?, room_no = ?, text = ?, full_text = ?, lng = ?, lat = ?,
		version = version + 1, updated_at = ? WHERE id = ? AND version = ? AND retired_at IS NULL`,
		nullable(a.ParentID), a.Level, a.CommunityCode, a.GridCode, a.Road, a.DoorNo, nullable(a.EstateID), nullable(a.BuildingCode),
		a.BuildingNo, nullable(a.UnitCode), a.UnitNo, a.RoomNo, a.Text, a.FullText, lng, lat, now, id, version)
	if store.IsUniqueViolation(err) {
		return Address{}, fmt.Errorf("%w: %s is already a standard address of community %s", ErrConflict, a.Text, a.CommunityCode)
	}
	if err != nil {
		return Address{}, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return Address{}, err
	} else if n == 0 {
		return Address{}, fmt.Errorf("%w: address %d is at version %d, not %d", ErrStale, id, old.Version, version)
	}
	if err := ed.Actor.Record(ctx, q, ed.At(), "address.update", fmt.Sprintf("address:%d", id), old.Text+" → "+a.Text); err != nil {
		return Address{}, err
	}
	return Get(ctx, q, scope, id)
}

// Retire takes an address out of use (it stays for the orders and
// history that name it). Refused while live addresses or a house stand on it.
func Retire(ctx context.Context, q store.Querier, ed grid.Editor, id int64, version int) error {
	if err := mayEdit(ed); err != nil {
		return err
	}
	old, err := Get(ctx, q, ed.Scope, id)
	if err != nil {
		return err
	}
	if old.Retired {
		return nil
	}
	if n, err := liveChildren(ctx, q, id); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("%w: %s has %d live addresses under it; retire those first", ErrConflict, old.Text, n)
	}
	if n, err := liveHouses(ctx, q, id); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("%w: %s is a registered house's address; retire the house first", ErrConflict, old.Text)
	}
	now := store.Millis(ed.At())
	res, err := q.ExecContext(ctx, `UPDATE addresses SET retired_at = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ? AND retired_at IS NULL`, now, now, id, version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("%w: address %d is at version %d, not %d", ErrStale, id, old.Version, version)
	}
	return ed.Actor.Record(ctx, q, ed.At(), "address.retire", fmt.Sprintf("address:%d", id), old.Text)
}

// mayEdit refuses roles that do not keep registers (operators search
// addresses but do not change them).
func mayEdit(ed grid.Editor) error {
	if !grid.MayEditRegister(ed.Role) {
		return fmt.Errorf("%w: a %q user may not change addresses, estates or houses", grid.ErrForbidden, ed.Role)
	}
	return nil
}

func liveChildren(ctx context.Context, q store.Querier, id int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM addresses WHERE parent_id = ? AND retired_at IS NULL`, id).Scan(&n)
	return n, err
}

func liveHouses(ctx context.Context, q store.Querier, addressID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM houses WHERE address_id = ? AND retired_at IS NULL`, addressID).Scan(&n)
	return n, err
}
