package consultation

import (
	"context"

	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// DeskHouse is an eligible house as the community desk lists it: its
// standard address (no owner names) and whether it has voted.
type DeskHouse struct {
	HouseID int64
	Address string
	AreaDM2 int64
	Choice  string // "" when it has not voted
	Options []int64
	Version int
	// Delivery is the state of the house's latest code ("" when none was
	// issued) and Recipient the masked number it went to.
	Delivery  string
	Recipient string
}

// DeliveryCounts counts the houses by the state of their latest code.
func DeliveryCounts(hs []DeskHouse) map[string]int {
	out := map[string]int{}
	for _, h := range hs {
		out[h.Delivery]++
	}
	return out
}

// DeskHouses lists a consultation's houses for the staff who run it.
func DeskHouses(ctx context.Context, q store.Querier, ed grid.Editor, id int64) ([]DeskHouse, error) {
	if err := mayRun(ed); err != nil {
		return nil, err
	}
	if _, err := Get(ctx, q, ed.Scope, id); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT ch.house_id, a.text, ch.area_dm2, COALESCE(b.choice, ''), COALESCE(b.options, ''), COALESCE(b.version, 0),
		COALESCE(d.state, ''), COALESCE(d.recipient, '')
		FROM consultation_houses ch JOIN houses h ON h.id = ch.house_id JOIN addresses a ON a.id = h.address_id
		LEFT JOIN consultation_ballots b ON b.consultation_id = ch.consultation_id AND b.house_id = ch.house_id
		LEFT JOIN consultation_code_delivery d ON d.code_id = (SELECT MAX(l.code_id) FROM consultation_code_delivery l
			WHERE l.consultation_id = ch.consultation_id AND l.house_id = ch.house_id)
		WHERE ch.consultation_id = ? ORDER BY a.text, ch.house_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DeskHouse
	for rows.Next() {
		var h DeskHouse
		var opts string
		if err := rows.Scan(&h.HouseID, &h.Address, &h.AreaDM2, &h.Choice, &opts, &h.Version, &h.Delivery, &h.Recipient); err != nil {
			return nil, err
		}
		h.Options = splitIDs(opts)
		out = append(out, h)
	}
	return out, rows.Err()
}

// ForOwners returns an open consultation's question and options for the
// owners' voting page: no figures, no houses — anyone may read them.
func ForOwners(ctx context.Context, q store.Querier, id int64) (Consultation, error) {
	cs, err := load(ctx, q, `c.id = ?`, id)
	if err != nil {
		return Consultation{}, err
	}
	if len(cs) == 0 || cs[0].Status != StatusOpen {
		return Consultation{}, notFound("open consultation %d", id)
	}
	return cs[0], nil
}

// CommandLine is the editor the civicgrid command acts as on a
// consultation: an admin over the consultation's province.
func CommandLine(ctx context.Context, q store.Querier, id int64) (grid.Editor, error) {
	var community string
	err := q.QueryRowContext(ctx, `SELECT community_code FROM consultations WHERE id = ?`, id).Scan(&community)
	if store.IsNoRows(err) {
		return grid.Editor{}, notFound("consultation %d", id)
	}
	return grid.CommandLine(community), err
}

// Provinces are the province codes that hold consultations, for the
// command line, which acts over each.
func Provinces(ctx context.Context, q store.Querier) ([]string, error) {
	return strings1(ctx, q, `SELECT DISTINCT SUBSTR(community_code, 1, 2) FROM consultations ORDER BY 1`)
}

// ListToRun lists the consultations of a year (0: every year) for the
// staff who run them; other roles are refused.
func ListToRun(ctx context.Context, q store.Querier, ed grid.Editor, year int) ([]Consultation, error) {
	if err := mayRun(ed); err != nil {
		return nil, err
	}
	return List(ctx, q, ed.Scope, year, 0)
}
