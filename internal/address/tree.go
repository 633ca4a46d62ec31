package address

import (
	"context"
	"fmt"
	"strings"

	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// TreeInput is a whole building's addresses at once, for ledgers and the
// demo: its door plate (found or created), the building, each unit, each
// unit's rooms and, where given, the house at each room.
type TreeInput struct {
	Road     string
	DoorNo   string
	EstateID int64
	Building grid.Building
	Units    []grid.Unit
	// Rooms lists a unit's rooms; House (AddressID ignored) registers the
	// house there too.
	Rooms func(u grid.Unit) []RoomInput
}

// RoomInput is one 户室 of a TreeInput.
type RoomInput struct {
	RoomNo string
	House  *HouseInput
}

// TreeResult counts what AddTree wrote.
type TreeResult struct {
	Addresses, Houses int
}

// AddTree writes a building's addresses and houses; the door plate and the
// building go through Create's checks, units and rooms reuse them (same
// grid, point, texts) so a large building costs one insert per row. Run it
// in a transaction: any error leaves the caller to roll back. The index
// learns of the rows on its next Refresh.
func AddTree(ctx context.Context, q store.Querier, ed grid.Editor, in TreeInput) (TreeResult, error) {
	var res TreeResult
	if err := mayEdit(ed); err != nil {
		return res, err
	}
	b := in.Building
	if err := ed.CheckRegister("building", b.GridCode); err != nil {
		return res, err
	}
	doorIn := Input{Road: in.Road, DoorNo: in.DoorNo, GridCode: b.GridCode, Lng: b.Lng, Lat: b.Lat, HasPoint: b.HasPoint}
	doorNo, err := cleanNo("door number (门牌号)", in.DoorNo, "号")
	if err != nil {
		return res, err
	}
	var doorID int64 // the door plate is shared by every building behind it
	err = q.QueryRowContext(ctx, `SELECT id FROM addresses WHERE community_code = ? AND text = ? AND retired_at IS NULL`,
		b.GridCode[:min(12, len(b.GridCode))], standardText(strings.TrimSpace(in.Road), doorNo, "", "", "", "")).Scan(&doorID)
	if store.IsNoRows(err) {
		if _, err := Create(ctx, q, ed, nil, doorIn); err != nil {
			return res, err
		}
		res.Addresses++
	} else if err != nil {
		return res, err
	}
	bld, err := Create(ctx, q, ed, nil, Input{Road: in.Road, DoorNo: in.DoorNo, EstateID: in.EstateID, BuildingCode: b.Code})
	if err != nil {
		return res, err
	}
	res.Addresses++
	prefix := strings.TrimSuffix(bld.FullText, bld.Text)
	estateName := strings.TrimSuffix(strings.TrimPrefix(bld.Text, bld.Road+bld.DoorNo+"号"), bld.BuildingNo+"栋")
	now := store.Millis(ed.At())
	lng, lat := point(bld)
	row := func(parent int64, level, unitCode, unitNo, roomNo string) []any {
		text := standardText(bld.Road, bld.DoorNo, estateName, bld.BuildingNo, unitNo, roomNo)
		return []any{parent, level, bld.CommunityCode, bld.GridCode, bld.Road, bld.DoorNo, nullable(bld.EstateID), bld.BuildingCode,
			bld.BuildingNo, nullable(unitCode), unitNo, roomNo, text, prefix + text, lng, lat, now, now}
	}
	// Units, then rooms, then houses: one statement each (in chunks), so a
	// district's 140,000 flats take seconds, not minutes.
	var unitRows [][]any
	unitNos := map[string]string{}
	for _, u := range in.Units {
		if u.BuildingCode != b.Code {
			return res, invalid("unit %s is not a unit of building %s", u.Code, b.Code)
		}
		unitNo := firstNumber(u.Name)
		if unitNo == "" {
			return res, invalid("unit %s is named %q without a number", u.Code, u.Name)
		}
		unitNos[u.Code] = unitNo
		unitRows = append(unitRows, row(bld.ID, LevelUnit, u.Code, unitNo, ""))
	}
	if err := insertRows(ctx, q, addressInsert, unitRows); err != nil {
		return res, err
	}
	res.Addresses += len(unitRows)
	if in.Rooms == nil || len(in.Units) == 0 {
		return res, nil
	}
	unitIDs, err := idsBy(ctx, q, `SELECT id, unit_code FROM addresses WHERE parent_id = ? AND level = 'unit' AND retired_at IS NULL`, bld.ID)
	if err != nil {
		return res, err
	}
	var roomRows [][]any
	houseOf := map[string]HouseInput{} // unit code + "/" + room number
	for _, u := range in.Units {
		for _, room := range in.Rooms(u) {
			roomNo, err := cleanNo("room number (户室号)", room.RoomNo, "室")
			if err != nil || roomNo == "" {
				return res, invalid("room %q of unit %s: a room number is required", room.RoomNo, u.Code)
			}
			if room.House != nil {
				h := *room.House
				if err := checkHouse(&h); err != nil {
					return res, fmt.Errorf("room %s of unit %s: %w", roomNo, u.Code, err)
				}
				houseOf[u.Code+"/"+roomNo] = h
			}
			roomRows = append(roomRows, row(unitIDs[u.Code], LevelRoom, u.Code, unitNos[u.Code], roomNo))
		}
	}
	if err := insertRows(ctx, q, addressInsert, roomRows); err != nil {
		return res, err
	}
	res.Addresses += len(roomRows)
	if len(houseOf) == 0 {
		return res, nil
	}
	roomIDs, err := idsBy(ctx, q, `SELECT id, unit_code || '/' || room_no FROM addresses
		WHERE building_code = ? AND level = 'room' AND retired_at IS NULL`, bld.BuildingCode)
	if err != nil {
		return res, err
	}
	var houseRows [][]any
	for key, h := range houseOf {
		houseRows = append(houseRows, []any{roomIDs[key], bld.BuildingCode, bld.GridCode, bld.CommunityCode, h.Use, h.AreaDM2,
			h.TenantCount, h.LeaseStart, h.LeaseEnd, now, now})
	}
	if err := insertRows(ctx, q, houseInsert, houseRows); err != nil {
		return res, err
	}
	res.Houses += len(houseRows)
	return res, nil
}

const (
	addressInsert = `INSERT INTO addresses (parent_id, level, community_code, grid_code, road, door_no, estate_id,
		building_code, building_no, unit_code, unit_no, room_no, text, full_text, lng, lat, created_at, updated_at) VALUES `
	houseInsert = `INSERT INTO houses (address_id, building_code, grid_code, community_code, house_use, area_dm2,
		tenant_count, lease_start, lease_end, created_at, updated_at) VALUES `
	rowsPerInsert = 100
)

// insertRows runs head with rows as multi-row VALUES, rowsPerInsert at a
// time. A duplicate is ErrConflict.
func insertRows(ctx context.Context, q store.Querier, head string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), rowsPerInsert)
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, n*len(rows[0]))
		for i, r := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?" + strings.Repeat(", ?", len(r)-1) + ")")
			args = append(args, r...)
		}
		_, err := q.ExecContext(ctx, b.String(), args...)
		if store.IsUniqueViolation(err) {
			return fmt.Errorf("%w: an address or house of this building is already registered", ErrConflict)
		}
		if err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// idsBy maps the second column of query's rows to the first (an id).
func idsBy(ctx context.Context, q store.Querier, query string, arg any) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, query, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return nil, err
		}
		out[key] = id
	}
	return out, rows.Err()
}
