package geo

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"
)

// segment is one edge of ring `ring` at position idx (of n edges).
type segment struct {
	a, b       orb.Point
	ring, idx  int
	n          int
	minX, maxX float64
	minY, maxY float64
}

// firstIntersection finds two edges of a polygon's rings that cross, touch
// or overlap, other than neighbours meeting at their shared vertex, and
// describes it; "" when the rings are simple and disjoint. A sweep along x
// keeps it near O(n log n) for grid-shaped rings (thousands of points).
func firstIntersection(rings []orb.Ring) string {
	var segs []segment
	for ri, r := range rings {
		n := len(r) - 1 // closed: last == first
		for i := 0; i < n; i++ {
			a, b := r[i], r[i+1]
			segs = append(segs, segment{
				a: a, b: b, ring: ri, idx: i, n: n,
				minX: min(a[0], b[0]), maxX: max(a[0], b[0]),
				minY: min(a[1], b[1]), maxY: max(a[1], b[1]),
			})
		}
	}
	slices.SortFunc(segs, func(s, t segment) int {
		switch {
		case s.minX < t.minX:
			return -1
		case s.minX > t.minX:
			return 1
		}
		return 0
	})
	var active []*segment
	for i := range segs {
		s := &segs[i]
		kept := active[:0]
		for _, t := range active {
			if t.maxX >= s.minX {
				kept = append(kept, t)
			}
		}
		active = kept
		for _, t := range active {
			if t.maxY < s.minY || s.maxY < t.minY {
				continue
			}
			if msg := checkPair(s, t); msg != "" {
				return msg
			}
		}
		active = append(active, s)
	}
	return ""
}

func checkPair(s, t *segment) string {
	if s.ring == t.ring && adjacent(s.idx, t.idx, s.n) {
		// Neighbours share a vertex; they only go wrong by doubling back.
		shared, sFar, tFar := sharedVertex(s, t)
		if orient(shared, sFar, tFar) == 0 && dot(sFar, shared, tFar) > 0 {
			return fmt.Sprintf("ring %d doubles back on itself at %s", s.ring, fmtPoint(shared))
		}
		return ""
	}
	if !segmentsIntersect(s.a, s.b, t.a, t.b) {
		return ""
	}
	at := s.a
	if onSegment(t.a, t.b, s.b) {
		at = s.b
	} else if p, ok := crossing(s.a, s.b, t.a, t.b); ok {
		at = p
	}
	if s.ring == t.ring {
		return fmt.Sprintf("ring %d intersects itself near %s", s.ring, fmtPoint(at))
	}
	return fmt.Sprintf("rings %d and %d intersect near %s", min(s.ring, t.ring), max(s.ring, t.ring), fmtPoint(at))
}

func adjacent(i, j, n int) bool {
	d := i - j
	return d == 1 || d == -1 || d == n-1 || d == 1-n
}

func sharedVertex(s, t *segment) (shared, sFar, tFar orb.Point) {
	if s.idx == (t.idx+1)%s.n { // t then s: t.b == s.a
		return s.a, s.b, t.a
	}
	return s.b, s.a, t.b // s then t: s.b == t.a
}

// orient is the sign of the turn a→b→c: >0 left, <0 right, 0 collinear.
func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// dot is (b−a)·(c−a).
func dot(b, a, c orb.Point) float64 {
	return (b[0]-a[0])*(c[0]-a[0]) + (b[1]-a[1])*(c[1]-a[1])
}

func onSegment(a, b, p orb.Point) bool {
	return orient(a, b, p) == 0 &&
		min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) &&
		min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}

// segmentsIntersect reports whether closed segments ab and cd share a point.
func segmentsIntersect(a, b, c, d orb.Point) bool {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)) {
		return true
	}
	return onSegment(a, b, c) || onSegment(a, b, d) || onSegment(c, d, a) || onSegment(c, d, b)
}

func crossing(a, b, c, d orb.Point) (orb.Point, bool) {
	den := (b[0]-a[0])*(d[1]-c[1]) - (b[1]-a[1])*(d[0]-c[0])
	if den == 0 {
		return orb.Point{}, false
	}
	t := ((c[0]-a[0])*(d[1]-c[1]) - (c[1]-a[1])*(d[0]-c[0])) / den
	return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}, true
}

func fmtPoint(p orb.Point) string { return fmt.Sprintf("[%.7f, %.7f]", p[0], p[1]) }
