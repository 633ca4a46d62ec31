package demo

import (
	"civicgrid/internal/org"
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Independent checks of a layout's geometry, shared by the tests on the real
// district and on synthetic outlines.

// outlineTolerance (degrees, ~1 mm) for "on the outline".
const outlineTolerance = 1e-8

// segmentsTouch reports whether closed segments ab and cd share any point.
func segmentsTouchForTest(a, b, c, d orb.Point) bool {
	o1, o2, o3, o4 := orientation(a, b, c), orientation(a, b, d), orientation(c, d, a), orientation(c, d, b)
	if o1*o2 < 0 && o3*o4 < 0 {
		return true
	}
	onSeg := func(p, q, r orb.Point) bool { // r on directedEdge pq, given collinear
		return math.Min(p[0], q[0]) <= r[0] && r[0] <= math.Max(p[0], q[0]) &&
			math.Min(p[1], q[1]) <= r[1] && r[1] <= math.Max(p[1], q[1])
	}
	return (o1 == 0 && onSeg(a, b, c)) || (o2 == 0 && onSeg(a, b, d)) ||
		(o3 == 0 && onSeg(c, d, a)) || (o4 == 0 && onSeg(c, d, b))
}

// segmentsCross reports a proper edgeCrossing: each directedEdge strictly splits the other.
func segmentsCrossForTest(a, b, c, d orb.Point) bool {
	o1, o2, o3, o4 := orientation(a, b, c), orientation(a, b, d), orientation(c, d, a), orientation(c, d, b)
	return o1*o2 < 0 && o3*o4 < 0
}

// segmentsCrossBeyond is segmentsCross ignoring crossings at an endpoint
// lying within eps of the other directedEdge: a grid vertex computed on the
// outline sits on it only up to rounding.
func segmentsCrossBeyondForTest(a, b, c, d orb.Point, eps float64) bool {
	return segmentsCrossForTest(a, b, c, d) &&
		distanceToSegment(c, d, a) > eps && distanceToSegment(c, d, b) > eps &&
		distanceToSegment(a, b, c) > eps && distanceToSegment(a, b, d) > eps
}

// checkRing: closed, at least 4 points, no repeated point, no two
// non-adjacent edges touching (so no self-intersection and no pinch).
func checkLayoutRing(r orb.Ring) error {
	if len(r) < 4 {
		return fmt.Errorf("ring has %d points", len(r))
	}
	if r[0] != r[len(r)-1] {
		return fmt.Errorf("ring not closed")
	}
	n := len(r) - 1
	seen := map[orb.Point]bool{}
	for _, p := range r[:n] {
		if seen[p] {
			return fmt.Errorf("ring repeats point %v", p)
		}
		seen[p] = true
	}
	for i := 0; i < n; i++ {
		for j := i + 2; j < n; j++ {
			if i == 0 && j == n-1 {
				continue // adjacent through the closing point
			}
			if segmentsTouchForTest(r[i], r[i+1], r[j], r[j+1]) {
				return fmt.Errorf("edges %d and %d intersect near %v", i, j, r[i])
			}
		}
	}
	if signedArea(r) <= 0 {
		return fmt.Errorf("ring is not counter-clockwise (area %g)", signedArea(r))
	}
	return nil
}

// checkGeometry verifies every grid is a valid polygon inside the outline,
// that no two grids overlap, and that they cover at least minCover of the outline.
func checkLayoutGeometry(t *testing.T, grids []LayoutGrid, outlineRing orb.Ring, minCover float64) {
	t.Helper()
	outlineRing = closedCCW(outlineRing)
	frame := newLocalFrame(outlineRing.Bound())
	outlineArea := frame.area(outlineRing)
	bounds := make([]orb.Bound, len(grids))
	total := 0.0
	for gi, g := range grids {
		if len(g.Polygon) != 1 {
			t.Fatalf("%s: %d rings, want 1", g.Name, len(g.Polygon))
		}
		r := g.Polygon[0]
		if err := checkLayoutRing(r); err != nil {
			t.Fatalf("%s: invalid polygon: %v", g.Name, err)
		}
		bounds[gi] = r.Bound()
		total += frame.area(r)
		for _, p := range r {
			if !planar.RingContains(outlineRing, p) && distanceToRing(outlineRing, p) > outlineTolerance {
				t.Fatalf("%s: vertex %v lies outside the outline", g.Name, p)
			}
		}
		for k := 0; k+1 < len(r); k++ {
			for e := 0; e+1 < len(outlineRing); e++ {
				if segmentsCrossBeyondForTest(r[k], r[k+1], outlineRing[e], outlineRing[e+1], outlineTolerance) {
					t.Fatalf("%s: edge %d %v→%v crosses the outline edge %d %v→%v", g.Name, k, r[k], r[k+1], e, outlineRing[e], outlineRing[e+1])
				}
			}
		}
	}
	for a := range grids {
		for b := a + 1; b < len(grids); b++ {
			if !bounds[a].Intersects(bounds[b]) {
				continue
			}
			if err := checkLayoutNoOverlap(grids[a].Polygon[0], grids[b].Polygon[0], frame); err != nil {
				t.Fatalf("%s and %s overlap: %v", grids[a].Name, grids[b].Name, err)
			}
		}
	}
	if total > outlineArea*(1+1e-9) {
		t.Fatalf("grids cover %.0f m², more than the outline's %.0f m²: they overlap", total, outlineArea)
	}
	if total < minCover*outlineArea {
		t.Fatalf("grids cover %.1f%% of the outline, want ≥ %.0f%%", 100*total/outlineArea, 100*minCover)
	}
	t.Logf("%d grids cover %.2f%% of %.1f km²", len(grids), 100*total/outlineArea, outlineArea/1e6)
}

// checkNoOverlap: no vertex of one ring lies more than 1 m inside the other,
// and no edges cross properly.
func checkLayoutNoOverlap(a, b orb.Ring, frame localFrame) error {
	for _, pair := range [2][2]orb.Ring{{a, b}, {b, a}} {
		mOther := frame.ringToMetres(pair[1])
		for _, p := range pair[0] {
			m := frame.toMetres(p)
			if planar.RingContains(mOther, m) && distanceToRing(mOther, m) > 1 {
				return fmt.Errorf("vertex %v is %.1f m inside the other", p, distanceToRing(mOther, m))
			}
		}
	}
	for i := 0; i+1 < len(a); i++ {
		for j := 0; j+1 < len(b); j++ {
			if segmentsCrossForTest(a[i], a[i+1], b[j], b[j+1]) {
				return fmt.Errorf("edges cross near %v", a[i])
			}
		}
	}
	return nil
}

// checkCommunities: every community has grids numbered 1..n with the right
// names, contiguous (each grid shares an edge with another of its community)
// and numbered in rows north→south, then west→east.
func checkLayoutCommunities(t *testing.T, res LayoutResult, communities []LayoutCommunity, outlineRing orb.Ring) {
	t.Helper()
	frame := newLocalFrame(closedCCW(cleanRing(outlineRing)).Bound())
	byCommunity := map[string][]LayoutGrid{}
	for _, g := range res.Grids {
		byCommunity[g.CommunityCode] = append(byCommunity[g.CommunityCode], g)
	}
	if len(byCommunity) != len(communities) {
		t.Fatalf("grids name %d communities, want %d", len(byCommunity), len(communities))
	}
	for _, c := range communities {
		grids := byCommunity[c.Code]
		if len(grids) == 0 {
			t.Fatalf("community %s %s has no grid", c.Code, c.Name)
		}
		slices.SortFunc(grids, func(a, b LayoutGrid) int { return cmp.Compare(a.Seq, b.Seq) })
		display := org.CommitteeDisplayName(c.Name)
		for k, g := range grids {
			if g.Seq != k+1 {
				t.Fatalf("%s: seqs are not 1..%d: found %d at position %d", c.Code, len(grids), g.Seq, k+1)
			}
			if want := fmt.Sprintf("%s第%d网格", display, g.Seq); g.Name != want {
				t.Fatalf("grid name %q, want %q", g.Name, want)
			}
		}
		checkLayoutContiguous(t, c, grids)
		checkLayoutNumbering(t, c, grids, frame)
	}
}

func checkLayoutContiguous(t *testing.T, c LayoutCommunity, grids []LayoutGrid) {
	t.Helper()
	edgeOwner := map[[2]orb.Point]int{}
	for gi, g := range grids {
		r := g.Polygon[0]
		for k := 0; k+1 < len(r); k++ {
			edgeOwner[[2]orb.Point{r[k], r[k+1]}] = gi
		}
	}
	reached := map[int]bool{0: true}
	queue := []int{0}
	for len(queue) > 0 {
		gi := queue[0]
		queue = queue[1:]
		r := grids[gi].Polygon[0]
		for k := 0; k+1 < len(r); k++ {
			if o, ok := edgeOwner[[2]orb.Point{r[k+1], r[k]}]; ok && !reached[o] {
				reached[o] = true
				queue = append(queue, o)
			}
		}
	}
	if len(reached) != len(grids) {
		t.Fatalf("community %s %s: only %d of its %d grids are connected by shared edges", c.Code, c.Name, len(reached), len(grids))
	}
}

// checkNumberingOrder recomputes rows (one median cell height, from the
// northmost centroid) and requires seq to follow row, then longitude.
func checkLayoutNumbering(t *testing.T, c LayoutCommunity, grids []LayoutGrid, frame localFrame) {
	t.Helper()
	areas := make([]float64, len(grids))
	centre := make([]orb.Point, len(grids))
	north := math.Inf(-1)
	for k, g := range grids {
		areas[k] = frame.area(g.Polygon[0])
		centre[k] = frame.centroid(g.Polygon[0])
		north = math.Max(north, centre[k][1])
	}
	slices.Sort(areas)
	h := math.Sqrt(areas[len(areas)/2])
	row := func(k int) int { return int(math.Round((north - centre[k][1]) / h)) }
	for k := 1; k < len(grids); k++ {
		if row(k) < row(k-1) || (row(k) == row(k-1) && centre[k][0] < centre[k-1][0]) {
			t.Fatalf("community %s: %s (row %d) comes after %s (row %d) out of north→south, west→east order",
				c.Code, grids[k].Name, row(k), grids[k-1].Name, row(k-1))
		}
	}
}

// checkBuildings: each building lies inside its grid, at least 5 m from its
// edge, with a name unique in its community and an address made of district,
// community and name.
func checkLayoutBuildings(t *testing.T, res LayoutResult, communities []LayoutCommunity, district string, outlineRing orb.Ring) {
	t.Helper()
	frame := newLocalFrame(closedCCW(cleanRing(outlineRing)).Bound())
	grid := map[string]LayoutGrid{}
	for _, g := range res.Grids {
		grid[fmt.Sprintf("%s/%d", g.CommunityCode, g.Seq)] = g
	}
	display := map[string]string{}
	for _, c := range communities {
		display[c.Code] = org.CommitteeDisplayName(c.Name)
	}
	names := map[string]bool{}
	for _, b := range res.Buildings {
		g, ok := grid[fmt.Sprintf("%s/%d", b.CommunityCode, b.GridSeq)]
		if !ok {
			t.Fatalf("building %s names missing grid %s/%d", b.Address, b.CommunityCode, b.GridSeq)
		}
		if !planar.PolygonContains(g.Polygon, b.Point) {
			t.Fatalf("building %s at %v is outside its grid %s", b.Address, b.Point, g.Name)
		}
		if d := distanceToRing(frame.ringToMetres(g.Polygon[0]), frame.toMetres(b.Point)); d < 4.99 {
			t.Fatalf("building %s is %.2f m from its grid's edge", b.Address, d)
		}
		if !strings.HasSuffix(b.Name, "号楼") && !strings.HasSuffix(b.Name, "号院") {
			t.Fatalf("building name %q", b.Name)
		}
		if want := district + display[b.CommunityCode] + b.Name; b.Address != want {
			t.Fatalf("address %q, want %q", b.Address, want)
		}
		key := b.CommunityCode + "/" + b.Name
		if names[key] {
			t.Fatalf("building name %s repeats in community %s", b.Name, b.CommunityCode)
		}
		names[key] = true
	}
}
