package ui

import (
	"context"
	"sync"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// areaTTL is how long the deployment's area is remembered: an import of
// divisions shows in the header within a minute, and pages do not walk the
// tree on every request.
const areaTTL = time.Minute

// areaCache remembers the deployment's area (org.Area).
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
	reg, ok, err := org.Area(ctx, db)
	if err != nil {
		httpx.LogContext(ctx).Warn("ui: could not work out the deployment area", "err", err)
		return c.region, c.ok // keep the last answer; try again next time
	}
	c.region, c.ok, c.expires = reg, ok, time.Now().Add(areaTTL)
	return reg, ok
}
