package ledger

import (
	"context"
	"strconv"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/store"
)

func init() {
	importers[Addresses.Name] = importAddresses
	importers[Houses.Name] = importHouses
}

// addressInput reads the address columns of a line (addresses and houses
// ledgers share them).
func addressInput(l Ledger, r record, probs *Problems) (address.Input, bool) {
	in := address.Input{
		Road: r.get("road"), DoorNo: r.get("door_no"), BuildingCode: r.get("building_code"), BuildingNo: r.get("building_no"),
		UnitNo: r.get("unit_no"), RoomNo: r.get("room_no"), GridCode: r.get("grid_code"),
	}
	lng, lat := r.get("lng"), r.get("lat")
	if lng == "" && lat == "" {
		return in, true
	}
	var err1, err2 error
	in.Lng, err1 = strconv.ParseFloat(strings.TrimSpace(lng), 64)
	in.Lat, err2 = strconv.ParseFloat(strings.TrimSpace(lat), 64)
	if err1 != nil || err2 != nil {
		probs.add(r.line, l.title("lng"), "经纬度应为数字，如 123.7712、41.3021 (longitude and latitude must be numbers)")
		return in, false
	}
	in.HasPoint = true
	return in, true
}

// ensureAddress finds the standard address a line names, or creates it;
// added says it was created. Problems are reported on the line.
func ensureAddress(ctx context.Context, s *Service, tx *store.Tx, a Actor, l Ledger, r record, in address.Input, probs *Problems) (id int64, added, ok bool, err error) {
	ad, err := address.Check(ctx, tx, a.editor(), s.Locator, in)
	if err != nil {
		if isDomainError(err) {
			probs.add(r.line, "", "%s", plain(err))
			return 0, false, false, nil
		}
		return 0, false, false, err
	}
	if id, err = address.FindLive(ctx, tx, ad.CommunityCode, ad.Text); err != nil || id != 0 {
		return id, false, err == nil, err
	}
	created, err := address.Create(ctx, tx, a.editor(), s.Locator, in)
	if err != nil {
		if isDomainError(err) {
			probs.add(r.line, "", "%s", plain(err))
			return 0, false, false, nil
		}
		return 0, false, false, err
	}
	return created.ID, true, true, nil
}

// importAddresses adds each standard address not registered yet (by its
// standard text in its community), in file order, so a building's units
// and rooms may follow it in the same file.
func importAddresses(ctx context.Context, s *Service, tx *store.Tx, a Actor, recs []record, probs *Problems, rep *Report) error {
	seen := map[int64]int{}
	for _, r := range recs {
		in, ok := addressInput(Addresses, r, probs)
		if !ok {
			continue
		}
		id, added, ok, err := ensureAddress(ctx, s, tx, a, Addresses, r, in, probs)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if first, dup := seen[id]; dup {
			probs.add(r.line, "", "与第%d行是同一地址 (the same address as line %d)", first, first)
			continue
		}
		seen[id] = r.line
		if added {
			rep.Added++
		} else {
			rep.Unchanged++
		}
	}
	return nil
}

// importHouses registers the house at each room address (creating the room
// address when missing); a room that has a live house is left as it is.
func importHouses(ctx context.Context, s *Service, tx *store.Tx, a Actor, recs []record, probs *Problems, rep *Report) error {
	seen := map[int64]int{}
	for _, r := range recs {
		in, ok := addressInput(Houses, r, probs)
		if !ok {
			continue
		}
		area, err := address.ParseArea(r.get("area"))
		if err != nil {
			probs.add(r.line, Houses.title("area"), "建筑面积应为平方米，最多两位小数，如 89.5 (square metres, e.g. 89.5)")
			continue
		}
		tenants := 0
		if t := r.get("tenant_count"); t != "" {
			if tenants, err = strconv.Atoi(t); err != nil {
				probs.add(r.line, Houses.title("tenant_count"), "租住人数应为整数 (a whole number)")
				continue
			}
		}
		id, _, ok, err := ensureAddress(ctx, s, tx, a, Houses, r, in, probs)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if first, dup := seen[id]; dup {
			probs.add(r.line, "", "与第%d行是同一房屋 (the same house as line %d)", first, first)
			continue
		}
		seen[id] = r.line
		house, err := address.LiveHouseAt(ctx, tx, id)
		if err != nil {
			return err
		}
		if house != 0 {
			rep.Unchanged++
			continue
		}
		_, err = address.CreateHouse(ctx, tx, a.editor(), address.HouseInput{AddressID: id, Use: r.get("use"), AreaDM2: area,
			TenantCount: tenants, LeaseStart: r.get("lease_start"), LeaseEnd: r.get("lease_end")})
		if err != nil {
			if isDomainError(err) {
				probs.add(r.line, "", "%s", plain(err))
				continue
			}
			return err
		}
		rep.Added++
	}
	return nil
}
