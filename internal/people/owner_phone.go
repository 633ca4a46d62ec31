package people

import (
	"context"

	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// OwnersWithPhone picks, for each given house, the owner its notices go
// to: the first owner (by person id) with a mobile phone on record.
// Houses whose owners have none are absent. Like OwnersOf it applies no
// scope and returns ids only: it is for trusted callers (the 征询 codes of
// houses already in the caller's scope).
func OwnersWithPhone(ctx context.Context, q store.Querier, houseIDs []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	for len(houseIDs) > 0 {
		n := min(len(houseIDs), 500)
		args := make([]any, n)
		for i, id := range houseIDs[:n] {
			args[i] = id
		}
		houseIDs = houseIDs[n:]
		rows, err := q.QueryContext(ctx, `SELECT ho.house_id, MIN(ho.person_id) FROM house_owners ho JOIN people p ON p.id = ho.person_id
			WHERE ho.house_id IN (`+marks(n)+`) AND p.phone_sealed <> '' GROUP BY ho.house_id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var house, person int64
			if err := rows.Scan(&house, &person); err != nil {
				rows.Close()
				return nil, err
			}
			out[house] = person
		}
		err = rows.Err()
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PhoneOf unseals a person's mobile phone for a message about to be sent
// ("" when none is on record). The caller must never log or store it.
func PhoneOf(ctx context.Context, q store.Querier, keys *pii.Keyring, personID int64) (string, error) {
	var sealed string
	err := q.QueryRowContext(ctx, `SELECT phone_sealed FROM people WHERE id = ?`, personID).Scan(&sealed)
	if store.IsNoRows(err) || (err == nil && sealed == "") {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return keys.Open(sealed)
}
