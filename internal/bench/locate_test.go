package bench

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/geo"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"

	"github.com/paulmach/orb"
)

// TestLocateSmoke runs the whole locate bench small: 500 grids through
// org and grid imports into each store, the Locator checked against a
// brute-force scan, and, where PostGIS can be had, against PostGIS. The
// figures are not checked (no timing in tests), only that there are some.
func TestLocateSmoke(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cfg := Config{Seed: 7, N: 500, Duration: 100 * time.Millisecond, MaxOps: 50_000, Store: db,
			PeerDB: os.Getenv("CIVICGRID_TEST_PG")}
		b, err := Lookup("locate")
		if err != nil {
			t.Fatal(err)
		}
		var progress bytes.Buffer
		res, err := b.Run(context.Background(), cfg, &progress)
		if err != nil {
			t.Fatalf("%v\nprogress:\n%s", err, progress.String())
		}
		if res.Ours.Unit != "lookups/s" || !(res.Ours.Value > 0) {
			t.Fatalf("ours = %v", res.Ours)
		}
		extra := strings.Join(res.Extra, "\n")
		if !strings.Contains(extra, "locate: 500 grids (seed 7)") || !strings.Contains(extra, "ours = brute force") {
			t.Fatalf("extra lines:\n%s", extra)
		}
		t.Run("peer", func(t *testing.T) {
			if res.PeerErr != nil {
				t.Skipf("PostGIS unavailable, peer not measured: %v", res.PeerErr)
			}
			if res.Peer.Unit != "lookups/s" || !(res.Peer.Value > 0) || !strings.Contains(extra, "= PostGIS ST_Contains") {
				t.Fatalf("peer = %v; extra:\n%s", res.Peer, extra)
			}
			if !lineFormat.MatchString(res.Line("locate")) {
				t.Fatalf("line %q", res.Line("locate"))
			}
		})
	})
}

func TestCityLayoutIsReproducible(t *testing.T) {
	a, err := newCityLayout(1200, 3)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := newCityLayout(1200, 3)
	c, _ := newCityLayout(1200, 4)
	if len(a.features) != 1200 || !orb.Equal(a.features[1199].Geometry, b.features[1199].Geometry) ||
		orb.Equal(a.features[1199].Geometry, c.features[1199].Geometry) {
		t.Fatal("same seed must give the same grids, another seed others")
	}
	// 1200 grids: 5 communities of 250 (the last short) in one street.
	if got := strings.Count(string(a.divisions["villages.csv"].Data), "\n") - 1; got != 5 {
		t.Fatalf("%d communities, want 5", got)
	}
	if f := a.features[1199]; f.CommunityCode != "210504001005" || f.Seq != 200 {
		t.Fatalf("last grid in %s seq %d", f.CommunityCode, f.Seq)
	}
	if _, err := newCityLayout(0, 1); err == nil {
		t.Fatal("0 grids accepted")
	}
	pts := randomPoints(a.bound, 0.05, 1000, 1)
	outside := 0
	for _, p := range pts {
		if !a.bound.Contains(p) {
			outside++
		}
	}
	if outside == 0 || outside == len(pts) {
		t.Fatalf("%d of %d points outside the city: want some, not all", outside, len(pts))
	}
}

// A disagreement on an edge shared by two grids is tolerated and counted;
// one in the middle of a grid fails, naming the point.
func TestCompareAnswers(t *testing.T) {
	left := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}
	right := orb.Polygon{{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0}}}
	geoms := map[string]orb.Geometry{"A": left, "B": right}
	pts := []orb.Point{{1, 0.5}, {0.5, 0.5}, {3, 3}}
	ours := []answer{{"A", true}, {"A", true}, {}}
	if n, err := compareAnswers(pts, ours, []answer{{}, {"A", true}, {}}, geoms, "peer"); err != nil || n != 1 {
		t.Fatalf("edge case: %d boundary, %v", n, err)
	}
	_, err := compareAnswers(pts, ours, []answer{{"A", true}, {"B", true}, {}}, geoms, "peer")
	if err == nil || !strings.Contains(err.Error(), "(0.500000000, 0.500000000): ours A, peer B") {
		t.Fatalf("inside disagreement: %v", err)
	}
	if _, err := compareAnswers(pts, ours, []answer{{"A", true}, {"A", true}, {"B", true}}, geoms, "peer"); err == nil {
		t.Fatal("a point outside every grid found by the peer passed")
	}
	ref := bruteForce([]geo.IndexEntry{{Code: "B", Geometry: right}, {Code: "A", Geometry: left}}, pts)
	if ref[0] != (answer{"A", true}) || ref[1] != (answer{"A", true}) || ref[2].ok {
		t.Fatalf("brute force = %v: the shared edge goes to the smaller code", ref)
	}
}
