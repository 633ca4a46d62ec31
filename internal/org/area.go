package org

import (
	"context"

	"civicgrid/internal/store"
)

// Area is the deployment's area: the highest region whose subtree holds
// everything on file. Divisions are imported with their ancestors
// (省 → 市 → 区), so it is the first region, walking down from the root,
// with more than one child — the district of a district deployment, the
// city of a city one. ok is false while no divisions are on file. The
// pages name it in their header and Open311 serves it as its jurisdiction.
func Area(ctx context.Context, q store.Querier) (r Region, ok bool, err error) {
	roots, err := Roots(ctx, q)
	if err != nil || len(roots) == 0 {
		return Region{}, false, err
	}
	cur := roots[0]
	for cur.Level != LevelCommunity && cur.Level != LevelVillage {
		kids, err := Children(ctx, q, cur.Code)
		if err != nil {
			return Region{}, false, err
		}
		if len(kids) != 1 {
			break
		}
		cur = kids[0]
	}
	return cur, true, nil
}
