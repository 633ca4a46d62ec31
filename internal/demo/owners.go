package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"civicgrid/internal/address"
	"civicgrid/internal/people"
	"civicgrid/internal/pii"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// addEstateOwners puts the owners of a renovation 小区's houses in the
// people register, so a consultation there knows whom each house's
// one-time code is for (the owner's phone) and counts owners from the
// register: one owner per house, a married couple owning one in five half
// each; nine in ten have a mobile number, the rest get a printed slip.
// Names and ID numbers are synthetic (valid check characters), as in
// addPeople. An owner-lived house also gets the owner's household; the
// owners of the others live elsewhere.
// ownerAreaCodes are the birth places of these owners: real county codes
// that addPeople does not use, so no synthetic ID number comes twice.
var ownerAreaCodes = []string{"210211", "210212", "210213"}

func addEstateOwners(ctx context.Context, db *store.DB, keys *pii.Keyring, estateName string) (int, error) {
	type house struct {
		id                       int64
		grid, community, bl, use string
	}
	var estate int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM estates WHERE name = ? AND retired_at IS NULL`, estateName).Scan(&estate); err != nil {
		return 0, fmt.Errorf("demo: %s: %w", estateName, err)
	}
	buildings, err := project.EstateBuildings(ctx, db, estate)
	if err != nil || len(buildings) == 0 {
		return 0, fmt.Errorf("demo: %s has no buildings (%v)", estateName, err)
	}
	marks, args := "", make([]any, 0, len(buildings))
	for i, b := range buildings {
		if i > 0 {
			marks += ","
		}
		marks += "?"
		args = append(args, b)
	}
	rows, err := db.QueryContext(ctx, `SELECT h.id, h.grid_code, h.community_code, h.building_code, h.house_use FROM houses h
		WHERE h.retired_at IS NULL AND h.building_code IN (`+marks+`)
		AND NOT EXISTS (SELECT 1 FROM house_owners o WHERE o.house_id = h.id) ORDER BY h.id`, args...)
	if err != nil {
		return 0, err
	}
	var hs []house
	for rows.Next() {
		var h house
		if err := rows.Scan(&h.id, &h.grid, &h.community, &h.bl, &h.use); err != nil {
			rows.Close()
			return 0, err
		}
		hs = append(hs, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(11, 2022))
	gen := &idGen{rng: rng, seen: map[string]bool{}}
	now := time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC)
	svc := people.New(db, keys, func() time.Time { return now })
	var in []people.Row
	couple := make([]bool, len(hs))
	add := func(h house, male bool) {
		b := now.AddDate(-30-rng.IntN(50), 0, -rng.IntN(365))
		p := people.Input{Name: surname(rng) + givenName(rng, male), DocNumber: gen.next(ownerAreaCodes[rng.IntN(len(ownerAreaCodes))], b, male),
			Hukou: people.HukouLocal, Residence: people.ResidentPermanent}
		if h.use == address.UseOwn {
			p.HouseID = h.id // owner-lived
		} else {
			p.GridCode = h.grid // the owner lives elsewhere; registered with the 小区's grid
		}
		if rng.IntN(10) > 0 {
			p.Phone = mobilePrefixes[rng.IntN(len(mobilePrefixes))] + fmt.Sprintf("%08d", rng.IntN(100_000_000))
		}
		in = append(in, people.Row{Input: p, GridCode: h.grid, CommunityCode: h.community, BuildingCode: h.bl})
	}
	for i, h := range hs {
		male := rng.IntN(3) > 0
		add(h, male)
		if couple[i] = rng.IntN(5) == 0; couple[i] {
			add(h, !male)
		}
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		ids, err := svc.InsertBulk(ctx, tx, in)
		if err != nil {
			return err
		}
		var owners []people.Owner
		var households []people.BulkHousehold
		k := 0
		for i, h := range hs {
			hh := people.BulkHousehold{CommunityCode: h.community, GridCode: h.grid, HouseID: h.id,
				Members: []people.Member{{PersonID: ids[k], Relation: people.RelationHead}}}
			if couple[i] {
				owners = append(owners, people.Owner{HouseID: h.id, PersonID: ids[k], ShareBP: 5000},
					people.Owner{HouseID: h.id, PersonID: ids[k+1], ShareBP: 5000})
				hh.Members = append(hh.Members, people.Member{PersonID: ids[k+1], Relation: "spouse"})
				k += 2
			} else {
				owners = append(owners, people.Owner{HouseID: h.id, PersonID: ids[k]})
				k++
			}
			if h.use == address.UseOwn {
				households = append(households, hh)
			}
		}
		if err := people.InsertHouseholds(ctx, tx, households, store.Millis(now)); err != nil {
			return err
		}
		return people.InsertOwners(ctx, tx, owners)
	})
	return len(in), err
}
