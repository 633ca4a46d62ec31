package grid_test

import (
	"context"
	"sync"
	"testing"

	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"

	"github.com/paulmach/orb"
)

func TestLocator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		withHole := orb.Polygon{rect(0, 0, 4, 4)[0], rect(1, 1, 3, 3)[0]}
		if _, err := grid.Import(ctx, db, []geo.GridFeature{
			feat(0, communA, "回字", 1, withHole),
			feat(1, communA, "两块", 2, orb.MultiPolygon{rect(10, 0, 11, 1), rect(20, 0, 21, 1)}),
			feat(2, communB, "东邻", 1, rect(4, 0, 6, 4)),
		}, grid.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		loc, err := grid.NewLocator(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if loc.Len() != 3 {
			t.Errorf("Len = %d, want 3", loc.Len())
		}
		cases := []struct {
			x, y float64
			want string
		}{
			{0.5, 0.5, communA + "001"},
			{2, 2, ""}, // in the hole
			{10.5, 0.5, communA + "002"},
			{20.5, 0.5, communA + "002"}, // the other part
			{15, 0.5, ""},
			{5, 1, communB + "001"},
			{4, 1, communA + "001"}, // shared edge: smaller code
			{-3, -3, ""},
		}
		check := func() {
			t.Helper()
			for _, c := range cases {
				lng, lat := at(c.x, c.y)
				got, ok := loc.Locate(lng, lat)
				if got != c.want || ok != (c.want != "") {
					t.Errorf("Locate at (%v, %v) units = %q %v, want %q", c.x, c.y, got, ok, c.want)
				}
			}
		}
		check()

		// Filling the hole is invisible until the caller rebuilds.
		if _, err := grid.Import(ctx, db, []geo.GridFeature{feat(0, communB, "芯", 2, rect(1, 1, 3, 3))}, grid.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if code, ok := loc.Locate(at(2, 2)); ok {
			t.Errorf("index changed without a rebuild: %s", code)
		}
		changed, err := loc.Refresh(ctx)
		if err != nil || !changed {
			t.Fatalf("Refresh after an import = %v, %v; want a rebuild", changed, err)
		}
		cases[1].want = communB + "002"
		check()
		if changed, err := loc.Refresh(ctx); err != nil || changed {
			t.Errorf("Refresh with nothing new = %v, %v; want no rebuild", changed, err)
		}
		// An update (same count) is seen too.
		if _, err := grid.Import(ctx, db, []geo.GridFeature{feat(0, communB, "芯", 2, rect(1.5, 1.5, 2.5, 2.5))}, grid.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := loc.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		if code, ok := loc.Locate(at(1.2, 1.2)); ok {
			t.Errorf("shrunk grid still claims (1.2, 1.2): %s", code)
		}
	})
}

// TestLocatorServesDuringRebuild has readers locate while the index is
// rebuilt under them (run with -race): every answer is the old or the new
// index's, never a torn one.
func TestLocatorServesDuringRebuild(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		if _, err := grid.Import(ctx, db, []geo.GridFeature{feat(0, communA, "甲", 1, rect(0, 0, 2, 2))}, grid.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		loc, err := grid.NewLocator(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		var wg sync.WaitGroup
		bad := make(chan string, 4)
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-done:
						return
					default:
					}
					if code, ok := loc.Locate(at(1, 1)); !ok || code != communA+"001" {
						bad <- code
						return
					}
				}
			}()
		}
		for i := 0; i < 20; i++ {
			if err := loc.Rebuild(ctx); err != nil {
				t.Error(err)
				break
			}
		}
		close(done)
		wg.Wait()
		close(bad)
		for code := range bad {
			t.Errorf("Locate during rebuild returned %q", code)
		}
	})
}
