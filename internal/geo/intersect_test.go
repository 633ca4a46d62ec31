package geo_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"civicgrid/internal/geo"
	"civicgrid/internal/geo/geotest"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

const u = 0.001 // one unit of the test shapes, in degrees (~84 m x 111 m here)

// rect is an axis-aligned rectangle in units from (lng0, lat0).
func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{orb.Ring{
		{lng0 + x0*u, lat0 + y0*u}, {lng0 + x1*u, lat0 + y0*u},
		{lng0 + x1*u, lat0 + y1*u}, {lng0 + x0*u, lat0 + y1*u}, {lng0 + x0*u, lat0 + y0*u},
	}}
}

// poly is a polygon from unit coordinates, closed for you.
func poly(pts ...[2]float64) orb.Polygon {
	r := make(orb.Ring, 0, len(pts)+1)
	for _, p := range pts {
		r = append(r, orb.Point{lng0 + p[0]*u, lat0 + p[1]*u})
	}
	return orb.Polygon{append(r, r[0])}
}

func reversed(p orb.Polygon) orb.Polygon {
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		out[i] = slices.Clone(r)
		slices.Reverse(out[i])
	}
	return out
}

func TestIntersectionArea(t *testing.T) {
	unit := geo.AreaM2(rect(0, 0, 1, 1)) // one square unit in m²
	u3 := poly([2]float64{0, 0}, [2]float64{3, 0}, [2]float64{3, 3}, [2]float64{2, 3},
		[2]float64{2, 1}, [2]float64{1, 1}, [2]float64{1, 3}, [2]float64{0, 3}) // a U, notch x 1..2, y 1..3
	withHole := orb.Polygon{rect(0, 0, 4, 4)[0], reversed(rect(1, 1, 3, 3))[0]}
	cases := []struct {
		name  string
		a, b  orb.Geometry
		units float64
	}{
		{"partial", rect(0, 0, 2, 2), rect(1, 1, 3, 3), 1},
		{"identical", rect(0, 0, 2, 2), rect(0, 0, 2, 2), 4},
		{"identical, opposite orientation", rect(0, 0, 2, 2), reversed(rect(0, 0, 2, 2)), 4},
		{"contained", rect(0, 0, 4, 4), rect(1, 1, 2, 3), 2},
		{"contained sharing two edges", rect(0, 0, 4, 4), rect(0, 0, 1, 1), 1},
		{"disjoint", rect(0, 0, 1, 1), rect(2, 2, 3, 3), 0},
		{"shared edge", rect(0, 0, 1, 1), rect(1, 0, 2, 1), 0},
		{"shared edge, partly", rect(0, 0, 1, 1), rect(1, 0.5, 2, 3), 0},
		{"shared corner", rect(0, 0, 1, 1), rect(1, 1, 2, 2), 0},
		{"T-junction on shared edge", rect(0, 0, 1, 1),
			poly([2]float64{1, 0}, [2]float64{2, 0}, [2]float64{2, 1}, [2]float64{1, 1}, [2]float64{1, 0.37}), 0},
		{"in the notch of a U", u3, rect(1, 1.5, 2, 2.5), 0},
		{"across an arm of a U", u3, rect(0.5, 1.5, 1.5, 2.5), 0.5},
		{"across the whole U", u3, rect(-1, 2, 4, 2.5), 1},
		{"inside a hole", withHole, rect(1.5, 1.5, 2.5, 2.5), 0},
		{"filling the hole exactly", withHole, rect(1, 1, 3, 3), 0},
		{"straddling the hole", withHole, rect(2, 2, 5, 5), 4 - 1},
		{"multipolygon", orb.MultiPolygon{rect(0, 0, 1, 1), rect(2, 0, 3, 1)}, rect(0.5, 0, 2.5, 1), 1},
		{"triangles", poly([2]float64{0, 0}, [2]float64{2, 0}, [2]float64{0, 2}), rect(0, 0, 1, 1), 1},
		{"rotated square", poly([2]float64{1, 0}, [2]float64{2, 1}, [2]float64{1, 2}, [2]float64{0, 1}), rect(0, 0, 2, 2), 2},
	}
	for _, c := range cases {
		for _, swap := range []bool{false, true} {
			a, b := c.a, c.b
			if swap {
				a, b = b, a
			}
			got := geo.IntersectionAreaM2(a, b)
			want := c.units * unit
			if math.Abs(got-want) > 1e-3*unit+0.01 {
				t.Errorf("%s (swapped %v): %.3f m², want %.3f m²", c.name, swap, got, want)
			}
		}
	}
	if got := geo.IntersectionAreaM2(orb.Point{1, 1}, rect(0, 0, 1, 1)); got != 0 {
		t.Errorf("point: %v", got)
	}
}

// star is a random simple polygon: vertices at increasing angles around a
// centre with random radii, optionally with a star-shaped hole inside.
func star(rng *rand.Rand, cx, cy, r float64, n int, hole bool) orb.Polygon {
	angles := make([]float64, n)
	for i := range angles {
		angles[i] = rng.Float64() * 2 * math.Pi
	}
	slices.Sort(angles)
	angles = slices.Compact(angles)
	ring := orb.Ring{}
	for _, a := range angles {
		rad := r * (0.5 + 0.5*rng.Float64())
		ring = append(ring, orb.Point{lng0 + (cx+rad*math.Cos(a))*u, lat0 + (cy+rad*math.Sin(a))*u})
	}
	ring = append(ring, ring[0])
	p := orb.Polygon{ring}
	if hole {
		h := star(rng, cx, cy, r/5, 5, false)[0]
		slices.Reverse(h)
		p = append(p, h)
	}
	return p
}

// validStar draws stars until one is a valid grid (a hole can poke out of
// a spiky shell).
func validStar(rng *rand.Rand, cx, cy float64, hole bool) orb.Polygon {
	for {
		p := star(rng, cx, cy, 3, 5+rng.IntN(20), hole)
		if geo.ValidateGeometry(p) == nil {
			return p
		}
	}
}

// sampledIntersection estimates the common area by testing an n×n lattice
// of cell centres over the common bounding box.
func sampledIntersection(a, b orb.Polygon, n int) float64 {
	ba, bb := a.Bound(), b.Bound()
	c := orb.Bound{
		Min: orb.Point{max(ba.Min[0], bb.Min[0]), max(ba.Min[1], bb.Min[1])},
		Max: orb.Point{min(ba.Max[0], bb.Max[0]), min(ba.Max[1], bb.Max[1])},
	}
	if c.Min[0] >= c.Max[0] || c.Min[1] >= c.Max[1] {
		return 0
	}
	in := 0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			p := orb.Point{
				c.Min[0] + (float64(i)+0.5)/float64(n)*(c.Max[0]-c.Min[0]),
				c.Min[1] + (float64(j)+0.5)/float64(n)*(c.Max[1]-c.Min[1]),
			}
			if planar.PolygonContains(a, p) && planar.PolygonContains(b, p) {
				in++
			}
		}
	}
	box := orb.Polygon{orb.Ring{c.Min, {c.Max[0], c.Min[1]}, c.Max, {c.Min[0], c.Max[1]}, c.Min}}
	return geo.AreaM2(box) * float64(in) / float64(n*n)
}

// TestIntersectionAreaMatchesSampling checks the exact clipping against a
// brute-force lattice estimate on random concave polygons with holes.
func TestIntersectionAreaMatchesSampling(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	unit := geo.AreaM2(rect(0, 0, 1, 1))
	for i := 0; i < 40; i++ {
		a := validStar(rng, 0, 0, i%2 == 0)
		b := validStar(rng, rng.Float64()*4-2, rng.Float64()*4-2, i%3 == 0)
		got := geo.IntersectionAreaM2(a, b)
		want := sampledIntersection(a, b, 250)
		// Lattice error is about perimeter × cell size; observed at most
		// 0.06%: allow 0.3% of the smaller polygon plus a sliver.
		limit := 0.003*min(geo.AreaM2(a), geo.AreaM2(b)) + 0.01*unit
		if math.Abs(got-want) > limit {
			t.Errorf("pair %d: clipped %.0f m², sampled %.0f m² (limit ±%.0f)", i, got, want, limit)
		}
		if back := geo.IntersectionAreaM2(b, a); math.Abs(back-got) > 1e-6*got+1e-3 {
			t.Errorf("pair %d: not symmetric: %.3f vs %.3f", i, got, back)
		}
		if self := geo.IntersectionAreaM2(a, a); relErr(self, geo.AreaM2(a)) > 1e-3 {
			t.Errorf("pair %d: A∩A = %.1f, area %.1f", i, self, geo.AreaM2(a))
		}
	}
}

func TestLatticeNeighboursDoNotOverlap(t *testing.T) {
	polys := geotest.Lattice(12, 15, orb.Point{lng0, lat0}, 80, 42)
	features := make([]geo.GridFeature, len(polys))
	for i, p := range polys {
		if err := geo.ValidateGeometry(p); err != nil {
			t.Fatalf("lattice cell %d invalid: %v", i, err)
		}
		features[i] = geo.GridFeature{Index: i, Geometry: p}
	}
	if got := geo.FindOverlaps(features, 0.01); len(got) != 0 {
		t.Fatalf("lattice neighbours overlap: %+v", got[:min(len(got), 5)])
	}
	// Total area equals the sum of the cells: no gaps, no double count.
	var sum float64
	for _, p := range polys {
		sum += geo.AreaM2(p)
	}
	var all orb.Bound = polys[0].Bound()
	for _, p := range polys {
		all = all.Union(p.Bound())
	}
	if want := geo.AreaM2(all.ToPolygon()); relErr(sum, want) > 1e-6 {
		t.Errorf("cells sum to %.0f m², want about %.0f", sum, want)
	}
}

func TestFindOverlaps(t *testing.T) {
	unit := geo.AreaM2(rect(0, 0, 1, 1))
	features := []geo.GridFeature{
		{Index: 0, Geometry: rect(0, 0, 1, 1)},
		{Index: 1, Geometry: rect(1, 0, 2, 1)},           // neighbour of 0
		{Index: 2, Geometry: rect(1.5, 0.5, 2.5, 1.5)},   // overlaps 1 by a quarter
		{Index: 3, Geometry: rect(0.98, 0, 1.02, 1)},     // thin strip over the 0|1 edge
		{Index: 4, Geometry: rect(10, 10, 11, 11)},       // far away
		{Index: 5, Geometry: rect(0.999, 0.999, 1.0, 1)}, // a speck, below any tolerance
	}
	got := geo.FindOverlaps(features, 100)
	type pair struct{ i, j int }
	want := map[pair]float64{{1, 2}: 0.25 * unit, {0, 3}: 0.02 * unit, {1, 3}: 0.02 * unit}
	if len(got) != len(want) {
		t.Fatalf("overlaps %+v, want pairs %v", got, want)
	}
	for _, o := range got {
		w, ok := want[pair{o.I, o.J}]
		if !ok || relErr(o.AreaM2, w) > 1e-3 {
			t.Errorf("overlap %+v, want area %.1f for that pair", o, w)
		}
	}
	// A tolerance above the strip's overlap (about 186 m² each side) keeps
	// only the real overlap.
	if got := geo.FindOverlaps(features, 0.03*unit); len(got) != 1 || got[0].I != 1 || got[0].J != 2 {
		t.Errorf("tolerance %.0f: %+v, want only 1-2", 0.03*unit, got)
	}
	if a := geo.OverlapsWith(rect(0, 0, 1, 1), rect(0.5, 0, 1.5, 1), 100); relErr(a, unit/2) > 1e-3 {
		t.Errorf("OverlapsWith = %.1f, want %.1f", a, unit/2)
	}
	if a := geo.OverlapsWith(rect(0, 0, 1, 1), rect(1, 0, 2, 1), 0); a != 0 {
		t.Errorf("OverlapsWith neighbours = %v, want 0", a)
	}
}

func TestFindOverlapsBetween(t *testing.T) {
	unit := geo.AreaM2(rect(0, 0, 1, 1))
	incoming := []orb.Geometry{rect(0, 0, 1, 1), rect(5, 5, 6, 6), rect(1, 0, 2, 1)}
	existing := []orb.Geometry{rect(0.5, 0, 1.5, 1), nil, rect(2, 0, 3, 1), rect(5.5, 5.5, 7, 7)}
	got := geo.FindOverlapsBetween(incoming, existing, 100)
	want := []geo.Overlap{{I: 0, J: 0, AreaM2: unit / 2}, {I: 1, J: 3, AreaM2: unit / 4}, {I: 2, J: 0, AreaM2: unit / 2}}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for k := range want {
		if got[k].I != want[k].I || got[k].J != want[k].J || relErr(got[k].AreaM2, want[k].AreaM2) > 1e-3 {
			t.Errorf("overlap %d = %+v, want %+v", k, got[k], want[k])
		}
	}
}
