package geo_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"civicgrid/internal/geo"
	"civicgrid/internal/geo/geotest"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestLocate(t *testing.T) {
	withHole := orb.Polygon{rect(0, 0, 4, 4)[0], reversed(rect(1, 1, 3, 3))[0]}
	idx := geo.NewIndex([]geo.IndexEntry{
		{Code: "B-holed", Geometry: withHole},
		{Code: "C-island", Geometry: rect(1.5, 1.5, 2.5, 2.5)}, // in B's hole
		{Code: "D-multi", Geometry: orb.MultiPolygon{rect(10, 0, 11, 1), rect(20, 0, 21, 1)}},
		{Code: "E-right", Geometry: rect(4, 0, 6, 4)}, // shares B's east edge
		{Code: "X-line", Geometry: orb.LineString{{0, 0}, {1, 1}}},
		{Code: "Y-nil"},
	})
	if idx.Len() != 4 {
		t.Errorf("Len = %d, want 4 (line and nil left out)", idx.Len())
	}
	at := func(x, y float64) (float64, float64) { return lng0 + x*u, lat0 + y*u }
	cases := []struct {
		x, y float64
		want string
	}{
		{0.5, 0.5, "B-holed"},
		{1.2, 1.2, ""}, // in the hole, not in the island
		{2, 2, "C-island"},
		{10.5, 0.5, "D-multi"},
		{20.5, 0.5, "D-multi"}, // second part
		{15, 0.5, ""},          // between the parts
		{5, 2, "E-right"},
		{4, 2, "B-holed"}, // on the shared edge: smallest code
		{-1, -1, ""},
		{100, 100, ""},
	}
	for _, c := range cases {
		got, ok := idx.Locate(at(c.x, c.y))
		if got != c.want || ok != (c.want != "") {
			t.Errorf("Locate(%v, %v units) = %q, %v; want %q", c.x, c.y, got, ok, c.want)
		}
	}
	for _, bad := range [][2]float64{{math.NaN(), 0}, {0, math.Inf(1)}, {181, 0}, {0, -91}} {
		if code, ok := idx.Locate(bad[0], bad[1]); ok {
			t.Errorf("Locate(%v) = %q, want not found", bad, code)
		}
	}
	var empty *geo.Index
	if _, ok := empty.Locate(lng0, lat0); ok {
		t.Error("nil index found something")
	}
	if _, ok := geo.NewIndex(nil).Locate(lng0, lat0); ok {
		t.Error("empty index found something")
	}
}

func TestValidLngLat(t *testing.T) {
	for _, ok := range [][2]float64{{0, 0}, {-180, -90}, {180, 90}, {123.77, 41.3}} {
		if err := geo.ValidLngLat(ok[0], ok[1]); err != nil {
			t.Errorf("%v: %v", ok, err)
		}
	}
	for _, bad := range [][2]float64{{math.NaN(), 0}, {0, math.NaN()}, {math.Inf(-1), 0}, {180.0001, 0}, {0, 90.5}, {41.3, 123.77}} {
		if err := geo.ValidLngLat(bad[0], bad[1]); !errors.Is(err, geo.ErrInvalidCoordinate) {
			t.Errorf("%v: %v, want ErrInvalidCoordinate", bad, err)
		}
	}
}

// TestLocateAgreesWithBruteForce checks every answer of the index against a
// scan of all cells, from many goroutines at once (run with -race).
func TestLocateAgreesWithBruteForce(t *testing.T) {
	const rows, cols = 30, 40
	polys := geotest.Lattice(rows, cols, orb.Point{lng0, lat0}, 80, 3)
	entries := make([]geo.IndexEntry, len(polys))
	for i, p := range polys {
		entries[i] = geo.IndexEntry{Code: fmt.Sprintf("G%05d", i), Geometry: p}
	}
	idx := geo.NewIndex(entries)
	area := latticeBound(polys)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 1))
			for i := 0; i < 2000; i++ {
				p := randomPoint(rng, area, 0.05)
				want, wantOK := "", false
				for _, e := range entries {
					if planar.PolygonContains(e.Geometry.(orb.Polygon), p) {
						want, wantOK = e.Code, true
						break // codes ascend with the slice: first is smallest
					}
				}
				got, ok := idx.Locate(p[0], p[1])
				if got != want || ok != wantOK {
					errs <- fmt.Errorf("Locate(%v) = %q %v, brute force %q %v", p, got, ok, want, wantOK)
					return
				}
			}
		}(uint64(w))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func latticeBound(polys []orb.Polygon) orb.Bound {
	b := polys[0].Bound()
	for _, p := range polys {
		b = b.Union(p.Bound())
	}
	return b
}

// randomPoint is uniform over b grown by margin (a fraction of its size),
// so some points fall outside every cell.
func randomPoint(rng *rand.Rand, b orb.Bound, margin float64) orb.Point {
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	return orb.Point{
		b.Min[0] - margin*w + rng.Float64()*w*(1+2*margin),
		b.Min[1] - margin*h + rng.Float64()*h*(1+2*margin),
	}
}
