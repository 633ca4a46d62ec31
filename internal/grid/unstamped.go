package grid

import (
	"context"
	"time"

	"civicgrid/internal/store"
)

// The structure written without an editor or a clock: by the demo
// builder, the benchmarks and tests, which build a district at start-up.
// Everything staff change goes through an Editor, stamped by its clock.

// unstamped is the time of a change made without a clock: the wall clock.
func unstamped() time.Time { return time.Now() }

// CreateBuilding is createBuilding now (unstamped), without an editor.
func CreateBuilding(ctx context.Context, q store.Querier, b Building) (Building, error) {
	return createBuilding(ctx, q, b, unstamped())
}

// CreateUnit is createUnit now (unstamped), without an editor.
func CreateUnit(ctx context.Context, q store.Querier, buildingCode, name string) (Unit, error) {
	return createUnit(ctx, q, buildingCode, name, unstamped())
}
