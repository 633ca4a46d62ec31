package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// box is an axis-aligned rectangle in local metres.
type box struct{ minx, miny, maxx, maxy float64 }

func emptyBox() box { return box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)} }

func (b *box) extend(v vec) {
	b.minx, b.miny = math.Min(b.minx, v.x), math.Min(b.miny, v.y)
	b.maxx, b.maxy = math.Max(b.maxx, v.x), math.Max(b.maxy, v.y)
}

func (b box) grow(d float64) box { return box{b.minx - d, b.miny - d, b.maxx + d, b.maxy + d} }

func (b box) overlaps(o box) bool {
	return b.minx <= o.maxx && o.minx <= b.maxx && b.miny <= o.maxy && o.miny <= b.maxy
}

func (b box) intersect(o box) box {
	return box{math.Max(b.minx, o.minx), math.Max(b.miny, o.miny), math.Min(b.maxx, o.maxx), math.Min(b.maxy, o.maxy)}
}

// edge is one ring edge, oriented so the shape's interior lies to its left.
type edge struct {
	a, b vec
	box  box
}

func newEdge(a, b vec) edge {
	bx := emptyBox()
	bx.extend(a)
	bx.extend(b)
	return edge{a: a, b: b, box: bx}
}

// shape is a Polygon or MultiPolygon projected to local metres with shells
// counter-clockwise and holes clockwise, ready for area arithmetic.
type shape struct {
	polys [][][]vec // per polygon: shell, then holes
	edges []edge
	box   box
}

func newShape(p projection, g orb.Geometry) (shape, bool) {
	var polys []orb.Polygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys = g
	default:
		return shape{}, false
	}
	s := shape{box: emptyBox()}
	for _, poly := range polys {
		var rings [][]vec
		for i, r := range poly {
			pr := p.ring(r)
			if len(pr) < 3 {
				continue
			}
			if (i == 0) != (signedArea(pr) > 0) {
				slices.Reverse(pr)
			}
			rings = append(rings, pr)
			for j := range pr {
				s.edges = append(s.edges, newEdge(pr[j], pr[(j+1)%len(pr)]))
				s.box.extend(pr[j])
			}
		}
		if len(rings) > 0 {
			s.polys = append(s.polys, rings)
		}
	}
	return s, len(s.polys) > 0
}

// contains is an even-odd ray test; callers never ask about points on the
// boundary (they are classified separately), so its choice there is moot.
func (s *shape) contains(v vec) bool {
	if v.x < s.box.minx || v.x > s.box.maxx || v.y < s.box.miny || v.y > s.box.maxy {
		return false
	}
	for _, rings := range s.polys {
		if !ringContains(rings[0], v) {
			continue
		}
		inHole := false
		for _, h := range rings[1:] {
			if ringContains(h, v) {
				inHole = true
				break
			}
		}
		if !inHole {
			return true
		}
	}
	return false
}

func ringContains(r []vec, v vec) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a.y > v.y) != (b.y > v.y) && v.x < (b.x-a.x)*(v.y-a.y)/(b.y-a.y)+a.x {
			in = !in
		}
	}
	return in
}
