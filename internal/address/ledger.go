package address

import (
	"context"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// What the ledger import (internal/ledger) needs of the addresses: the
// checks of Create without writing, and lookups by natural key (the
// standard text in a community, the live house at an address).

// Check resolves an address as Create would and returns it unwritten.
func Check(ctx context.Context, q store.Querier, ed grid.Editor, loc Locator, in Input) (Address, error) {
	if err := mayEdit(ed); err != nil {
		return Address{}, err
	}
	r, err := resolve(ctx, q, ed.Scope, loc, in)
	return r.Address, err
}

// FindLive returns the id of the live address with this standard text in
// the community, 0 when there is none.
func FindLive(ctx context.Context, q store.Querier, community, text string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM addresses WHERE community_code = ? AND text = ? AND retired_at IS NULL`, community, text).Scan(&id)
	if store.IsNoRows(err) {
		return 0, nil
	}
	return id, err
}

// LiveHouseAt returns the live house at an address, 0 when there is none.
func LiveHouseAt(ctx context.Context, q store.Querier, addressID int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM houses WHERE address_id = ? AND retired_at IS NULL`, addressID).Scan(&id)
	if store.IsNoRows(err) {
		return 0, nil
	}
	return id, err
}

// HouseRef is where a house is, for placing people.
type HouseRef struct {
	ID                                    int64
	GridCode, CommunityCode, BuildingCode string
}

// HousesByText maps the live houses in the scope by their address, folded
// (Fold), both in local standard form and with the district and street
// prefixed: a ledger names a house by the text an export wrote.
func HousesByText(ctx context.Context, q store.Querier, scope auth.Scope) (map[string]HouseRef, error) {
	rows, err := q.QueryContext(ctx, `SELECT h.id, h.grid_code, h.community_code, h.building_code, a.text, a.full_text
		FROM houses h JOIN addresses a ON a.id = h.address_id WHERE h.retired_at IS NULL AND h.grid_code LIKE ?`, scope.RegionPrefix()+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]HouseRef{}
	for rows.Next() {
		var h HouseRef
		var text, full string
		if err := rows.Scan(&h.ID, &h.GridCode, &h.CommunityCode, &h.BuildingCode, &text, &full); err != nil {
			return nil, err
		}
		if !scope.CoversRegion(h.GridCode) {
			continue
		}
		out[Fold(full)] = h
		if _, dup := out[Fold(text)]; dup {
			out[Fold(text)] = HouseRef{} // the same local text in two communities: only the full text names it
		} else {
			out[Fold(text)] = h
		}
	}
	return out, rows.Err()
}
