package grid_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"civicgrid/internal/geo"
	"civicgrid/internal/geo/geotest"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"

	"github.com/paulmach/orb"
)

// seed50k imports 50,000 grids (200 communities of 250) through Import and
// logs how long that took.
func seed50k(b *testing.B, db *store.DB) {
	b.Helper()
	ctx := context.Background()
	seedRegions(b, db)
	polys := geotest.Lattice(200, 250, orb.Point{123.60, 41.20}, 80, 2024)
	features := make([]geo.GridFeature, len(polys))
	for i, p := range polys {
		community := fmt.Sprintf("%s%03d", street, 300+i/250)
		if i%250 == 0 {
			if _, err := db.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
				VALUES (?, ?, ?, 'community', ?, 1, 1)`, community, community, community, street); err != nil {
				b.Fatal(err)
			}
		}
		features[i] = geo.GridFeature{Index: i, CommunityCode: community, Name: fmt.Sprintf("网格%d", i%250+1), Seq: i%250 + 1, Geometry: p}
	}
	start := time.Now()
	rep, err := grid.Import(ctx, db, features, grid.ImportOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: Import of %d grids took %v", db.Dialect(), len(rep.Added), time.Since(start).Round(time.Millisecond))
}

func BenchmarkLocatorRebuild50k(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var db *store.DB
			if dialect == "sqlite" {
				db = storetest.SQLite(b)
			} else {
				db = storetest.Postgres(b)
			}
			seed50k(b, db)
			ctx := context.Background()
			loc, err := grid.NewLocator(ctx, db)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := loc.Rebuild(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if loc.Len() != 50000 {
				b.Fatalf("index holds %d grids", loc.Len())
			}
			start := time.Now()
			if changed, err := loc.Refresh(ctx); err != nil || changed {
				b.Fatalf("Refresh = %v, %v", changed, err)
			}
			b.Logf("%s: Refresh with nothing changed took %v", dialect, time.Since(start).Round(time.Microsecond))
		})
	}
}
