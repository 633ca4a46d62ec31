package address

import (
	"context"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// HouseCount is the live houses of one building and how many are rented.
type HouseCount struct {
	Houses, Rented int
}

// HouseCounts counts the live houses by building under a region or grid
// code in the scope (the overview of a community's buildings).
func HouseCounts(ctx context.Context, q store.Querier, scope auth.Scope, under string) (map[string]HouseCount, error) {
	if under == "" || !scope.CoversRegion(under) {
		return nil, notFound("region %s", under)
	}
	rows, err := q.QueryContext(ctx, `SELECT building_code, COUNT(*), SUM(CASE WHEN house_use = 'rent' THEN 1 ELSE 0 END)
		FROM houses WHERE grid_code LIKE ? AND retired_at IS NULL GROUP BY building_code`, under+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]HouseCount{}
	for rows.Next() {
		var code string
		var c HouseCount
		if err := rows.Scan(&code, &c.Houses, &c.Rented); err != nil {
			return nil, err
		}
		out[code] = c
	}
	return out, rows.Err()
}
