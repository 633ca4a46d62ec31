package ui

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// areaTTL is how long the deployment's area is remembered: an import of
// divisions shows in the header within a minute, and pages do not walk the
// tree on every request.
const areaTTL = time.Minute

// areaCache remembers the deployment's area: the highest region whose
// subtree holds everything. Divisions are imported with their ancestors
// (省 → 市 → 区), so that is the first region, walking down from the root,
// with more than one child — the district of a district deployment, the
// city of a city one.
type areaCache struct {
	mu      sync.Mutex
	region  org.Region
	ok      bool
	expires time.Time
}

func (c *areaCache) get(ctx context.Context, db *store.DB) (org.Region, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Now().Before(c.expires) {
		return c.region, c.ok
	}
	reg, ok, err := findArea(ctx, db)
	if err != nil {
		slog.Warn("ui: could not work out the deployment area", "err", err)
		return c.region, c.ok // keep the last answer; try again next time
	}
	c.region, c.ok, c.expires = reg, ok, time.Now().Add(areaTTL)
	return reg, ok
}

func findArea(ctx context.Context, db *store.DB) (org.Region, bool, error) {
	roots, err := org.Roots(ctx, db)
	if err != nil || len(roots) == 0 {
		return org.Region{}, false, err
	}
	cur := roots[0]
	for cur.Level != org.LevelCommunity && cur.Level != org.LevelVillage {
		kids, err := org.Children(ctx, db, cur.Code)
		if err != nil {
			return org.Region{}, false, err
		}
		if len(kids) != 1 {
			break
		}
		cur = kids[0]
	}
	return cur, true, nil
}
