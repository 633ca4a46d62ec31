package org_test

import (
	"context"
	"testing"

	"civicgrid/internal/org"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestAreaIsTheFirstRegionThatBranches: a district's divisions (with their
// province and city) make the district the area; the city's make the city.
func TestAreaIsTheFirstRegionThatBranches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, ok, err := org.Area(ctx, db); ok || err != nil {
			t.Fatalf("empty store: ok=%v err=%v, want no area", ok, err)
		}
		d := parseFixture(t)
		mustImport(t, db, d, "210504")
		if r, ok, err := org.Area(ctx, db); !ok || err != nil || r.Code != "210504" {
			t.Fatalf("district import: %+v %v %v, want 210504", r, ok, err)
		}
		mustImport(t, db, d, "2105")
		if r, ok, err := org.Area(ctx, db); !ok || err != nil || r.Code != "2105" {
			t.Fatalf("city import: %+v %v %v, want 2105", r, ok, err)
		}
	})
}
