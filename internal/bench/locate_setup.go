package bench

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/grid"
	"civicgrid/internal/org"
	"civicgrid/internal/store"

	"github.com/paulmach/orb"
)

// setupTimes are how long the real import path took, for the report.
type setupTimes struct {
	importTime time.Duration // grid.Import of every grid
	buildTime  time.Duration // grid.NewLocator: read them back and index
}

// buildCity puts the generated city into the store the way a user would
// (division files through org, GeoJSON features through grid.Import),
// builds the Locator from the store, and keeps what it indexed for the
// checks and the peer.
func (r *locateRun) buildCity(ctx context.Context, db *store.DB, city cityLayout) (*grid.Locator, setupTimes, error) {
	var t setupTimes
	n := len(city.features)
	divs, err := org.ParseDivisionsUnder(city.divisions, layoutDistrict)
	if err != nil {
		return nil, t, fmt.Errorf("generated divisions: %w", err)
	}
	if _, err := org.ImportDivisions(ctx, db, divs, layoutDistrict); err != nil {
		return nil, t, err
	}
	began := time.Now()
	rep, err := grid.Import(ctx, db, city.features, grid.ImportOptions{})
	if err != nil {
		return nil, t, fmt.Errorf("import grids: %w", err)
	}
	if len(rep.Added) != n {
		return nil, t, fmt.Errorf("import added %d grids, want %d", len(rep.Added), n)
	}
	t.importTime = time.Since(began)
	r.logf("grid.Import into %s: %v", db.Dialect(), t.importTime.Round(time.Millisecond))

	began = time.Now()
	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		return nil, t, err
	}
	t.buildTime = time.Since(began)
	if loc.Len() != n {
		return nil, t, fmt.Errorf("locator holds %d grids, want %d", loc.Len(), n)
	}
	r.logf("grid.NewLocator (load from the store and index): %v", t.buildTime.Round(time.Millisecond))

	if r.stored, err = grid.All(ctx, db); err != nil { // exactly what the locator indexed
		return nil, t, err
	}
	r.entries = make(map[string]orb.Geometry, len(r.stored))
	for _, e := range r.stored {
		r.entries[e.Code] = e.Geometry
	}
	return loc, t, nil
}
