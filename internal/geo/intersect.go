package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// onEps is how close (metres) two boundaries must run to count as the same
// line. Neighbouring grids drawn in one GIS share vertices exactly or to
// within float rounding; 1 mm absorbs that and is far below any tolerance.
const onEps = 1e-3

// IntersectionAreaM2 is the area in square metres that two Polygons or
// MultiPolygons have in common (0 for other geometries).
//
// It is exact up to float rounding for any simple polygons, concave or with
// holes, by Green's theorem: the boundary of A∩B is the part of A's boundary
// inside B plus the part of B's boundary inside A, and the area is the sum of
// x·dy−y·dx along it. Each edge is cut wherever the other boundary crosses or
// touches it and every piece is classified by its midpoint. Pieces that run
// along the other boundary (within onEps) are the delicate case: if both
// shapes lie on the same side they bound the intersection and are counted
// once, from A; if on opposite sides (a shared edge between neighbours) they
// bound nothing and count zero. So neighbours sharing an edge overlap by 0.
// Misreading a near-coincident piece can cost at most about onEps times its
// length. MultiPolygon parts are assumed not to overlap one another
// (ParseGridFeatures rejects those that do).
func IntersectionAreaM2(a, b orb.Geometry) float64 {
	if a == nil || b == nil {
		return 0
	}
	ba, bb := a.Bound(), b.Bound()
	if ba.Min[0] > bb.Max[0] || bb.Min[0] > ba.Max[0] || ba.Min[1] > bb.Max[1] || bb.Min[1] > ba.Max[1] {
		return 0
	}
	// Origin in the middle of the common box keeps coordinates small.
	origin := orb.Point{
		(math.Max(ba.Min[0], bb.Min[0]) + math.Min(ba.Max[0], bb.Max[0])) / 2,
		(math.Max(ba.Min[1], bb.Min[1]) + math.Min(ba.Max[1], bb.Max[1])) / 2,
	}
	p := newProjection(origin)
	sa, okA := newShape(p, a)
	sb, okB := newShape(p, b)
	if !okA || !okB {
		return 0
	}
	common := sa.box.intersect(sb.box).grow(onEps)
	twice := boundaryInside(&sa, &sb, common, true) + boundaryInside(&sb, &sa, common, false)
	return math.Max(twice/2, 0)
}

// boundaryInside sums x·dy−y·dx over the pieces of a's boundary that lie
// inside b; keepShared also counts pieces running along b's boundary in the
// same direction (shapes on the same side).
func boundaryInside(a, b *shape, common box, keepShared bool) float64 {
	var sum float64
	var cuts []float64
	var near []edge
	for _, e := range a.edges {
		if !e.box.overlaps(common) {
			continue // outside b's box, so outside b
		}
		near = near[:0]
		reach := e.box.grow(onEps)
		for _, f := range b.edges {
			if f.box.overlaps(reach) {
				near = append(near, f)
			}
		}
		if len(near) == 0 {
			// Nothing of b's boundary comes near: the whole edge is in or out.
			if b.contains(e.a.lerp(e.b, 0.5)) {
				sum += e.a.cross(e.b)
			}
			continue
		}
		cuts = cutParams(cuts[:0], e, near)
		for i := 1; i < len(cuts); i++ {
			p0, p1 := e.a.lerp(e.b, cuts[i-1]), e.a.lerp(e.b, cuts[i])
			if d := p1.sub(p0); d.dot(d) < 1e-18 {
				continue
			}
			same, opposite := runsAlong(p0, p1, near)
			switch {
			case same && opposite:
				// Along an inner seam of b (two of its parts meeting): inside.
				sum += p0.cross(p1)
			case same:
				if keepShared {
					sum += p0.cross(p1)
				}
			case opposite:
				// A shared edge between shapes on either side: no area.
			default:
				if b.contains(p0.lerp(p1, 0.5)) {
					sum += p0.cross(p1)
				}
			}
		}
	}
	return sum
}

// cutParams returns the sorted parameters along e (0 and 1 included) where
// one of the near edges crosses it or one of their ends touches it.
func cutParams(ts []float64, e edge, near []edge) []float64 {
	d := e.b.sub(e.a)
	l2 := d.dot(d)
	ts = append(ts, 0, 1)
	if l2 == 0 {
		return ts
	}
	for _, f := range near {
		for _, w := range [2]vec{f.a, f.b} {
			t := w.sub(e.a).dot(d) / l2
			if t > 0 && t < 1 {
				q := e.a.lerp(e.b, t).sub(w)
				if q.dot(q) <= onEps*onEps {
					ts = append(ts, t)
				}
			}
		}
		fd := f.b.sub(f.a)
		den := d.cross(fd)
		if den == 0 {
			continue
		}
		w := f.a.sub(e.a)
		t, s := w.cross(fd)/den, w.cross(d)/den
		if t > 0 && t < 1 && s >= 0 && s <= 1 {
			ts = append(ts, t)
		}
	}
	slices.Sort(ts)
	return slices.Compact(ts)
}

// runsAlong reports whether the piece p0→p1 lies on one of the near edges,
// in the same direction and/or the opposite one.
func runsAlong(p0, p1 vec, near []edge) (same, opposite bool) {
	d := p1.sub(p0)
	mid := p0.lerp(p1, 0.5)
	for _, f := range near {
		fd := f.b.sub(f.a)
		l2 := fd.dot(fd)
		if l2 == 0 {
			continue
		}
		l := math.Sqrt(l2)
		// Both ends within onEps of f's line, and the middle within f's span.
		if math.Abs(fd.cross(p0.sub(f.a)))/l > onEps || math.Abs(fd.cross(p1.sub(f.a)))/l > onEps {
			continue
		}
		t := mid.sub(f.a).dot(fd) / l2
		if t < -onEps/l || t > 1+onEps/l {
			continue
		}
		if d.dot(fd) > 0 {
			same = true
		} else {
			opposite = true
		}
	}
	return same, opposite
}
