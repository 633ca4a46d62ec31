package demo

import (
	"cmp"
	"errors"
	"slices"

	"github.com/paulmach/orb"
)

// errDegenerate means an outline vertex fell exactly on a lattice edge (or
// similar); the tiler retries with a fresh jitter rather than guess.
var errDegenerate = errors.New("degenerate lattice/outline intersection")

// edgeCrossing is a proper intersection of a lattice edge with outline edge `edge`,
// at fraction t along the lattice edge and u along the outline edge. Each is
// computed once per lattice edge, so the two cells sharing it see the very same point.
type edgeCrossing struct {
	edge int32
	t, u float64
	at   orb.Point
}

type directedEdge struct{ from, to orb.Point }

// segmentCrossing intersects a→b with p→q. Touching or collinear contact is
// reported as errDegenerate: with random jitter it does not happen in practice.
func segmentCrossing(a, b, p, q orb.Point) (c edgeCrossing, hit bool, err error) {
	if max(p[0], q[0]) < min(a[0], b[0]) || min(p[0], q[0]) > max(a[0], b[0]) ||
		max(p[1], q[1]) < min(a[1], b[1]) || min(p[1], q[1]) > max(a[1], b[1]) {
		return c, false, nil
	}
	o1, o2 := orientation(a, b, p), orientation(a, b, q)
	if (o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0) {
		return c, false, nil
	}
	o3, o4 := orientation(p, q, a), orientation(p, q, b)
	if (o3 > 0 && o4 > 0) || (o3 < 0 && o4 < 0) {
		return c, false, nil
	}
	if o1 == 0 || o2 == 0 || o3 == 0 || o4 == 0 {
		return c, false, errDegenerate
	}
	c.t = o3 / (o3 - o4)
	c.u = o1 / (o1 - o2)
	c.at = orb.Point{a[0] + c.t*(b[0]-a[0]), a[1] + c.t*(b[1]-a[1])}
	return c, true, nil
}

// crossings of the lattice edge between two vertices with the candidate outline edges, by t.
func (l *lattice) crossings(va, vb int, candidates []int32) ([]edgeCrossing, error) {
	var out []edgeCrossing
	a, b := l.vertex[va], l.vertex[vb]
	for _, e := range candidates {
		p, q := l.outline.edge(e)
		c, hit, err := segmentCrossing(a, b, p, q)
		if err != nil {
			return nil, err
		}
		if hit {
			c.edge = e
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(x, y edgeCrossing) int { return cmp.Compare(x.t, y.t) })
	return out, nil
}

// clipCell intersects fine cell (i, j), a convex quadrilateral, with the
// outline. The boundary of the intersection is the part of the cell's sides
// inside the outline plus the part of the outline inside the cell; chaining
// those pieces yields one ring per separate piece (never a hole: a convex
// cell cut by a simple polygon has none).
func (l *lattice) clipCell(i, j int) ([]orb.Ring, error) {
	corner := [4]int{l.vertexIndex(i, j), l.vertexIndex(i+1, j), l.vertexIndex(i+1, j+1), l.vertexIndex(i, j+1)}
	var sides [4][]edgeCrossing
	var err error
	if sides[0], err = l.hCrossings(i, j); err != nil {
		return nil, err
	}
	if sides[1], err = l.vCrossings(i+1, j); err != nil {
		return nil, err
	}
	if sides[2], err = l.hCrossings(i, j+1); err != nil { // stored west→east, walked east→west
		return nil, err
	}
	if sides[3], err = l.vCrossings(i, j); err != nil { // stored south→north, walked north→south
		return nil, err
	}
	if len(sides[0])+len(sides[1])+len(sides[2])+len(sides[3]) == 0 {
		if !l.inside[corner[0]] {
			return nil, nil
		}
		return []orb.Ring{{l.vertex[corner[0]], l.vertex[corner[1]], l.vertex[corner[2]], l.vertex[corner[3]], l.vertex[corner[0]]}}, nil
	}

	var segs []directedEdge
	for k := range 4 {
		from, to := corner[k], corner[(k+1)%4]
		xs := sides[k]
		in, prev := l.inside[from], l.vertex[from]
		for n := range xs {
			x := xs[n]
			if k >= 2 {
				x = xs[len(xs)-1-n]
			}
			if in {
				segs = append(segs, directedEdge{prev, x.at})
			}
			in, prev = !in, x.at
		}
		if in != l.inside[to] {
			return nil, errDegenerate
		}
		if in {
			segs = append(segs, directedEdge{prev, l.vertex[to]})
		}
	}

	quad := [4]orb.Point{l.vertex[corner[0]], l.vertex[corner[1]], l.vertex[corner[2]], l.vertex[corner[3]]}
	var xs []edgeCrossing
	for _, e := range l.bucket[l.cellIndex(i, j)] {
		xs = xs[:0]
		for _, side := range sides {
			for _, x := range side {
				if x.edge == e {
					xs = append(xs, x)
				}
			}
		}
		p, q := l.outline.edge(e)
		in, err := insideQuad(quad, p)
		if err != nil {
			return nil, err
		}
		if len(xs) == 0 {
			if in {
				segs = append(segs, directedEdge{p, q})
			}
			continue
		}
		slices.SortFunc(xs, func(x, y edgeCrossing) int { return cmp.Compare(x.u, y.u) })
		prev := p
		for _, x := range xs {
			if in {
				segs = append(segs, directedEdge{prev, x.at})
			}
			in, prev = !in, x.at
		}
		if in {
			segs = append(segs, directedEdge{prev, q})
		}
	}
	return traceRings(segs)
}

// insideQuad reports whether p is strictly inside the counter-clockwise convex quadrilateral.
func insideQuad(q [4]orb.Point, p orb.Point) (bool, error) {
	onEdge := false
	for k := range 4 {
		o := orientation(q[k], q[(k+1)%4], p)
		if o < 0 {
			return false, nil
		}
		if o == 0 {
			onEdge = true
		}
	}
	if onEdge {
		return false, errDegenerate
	}
	return true, nil
}

// traceRings chains directed segments end to start into closed rings. Every
// start point must be unique (no pinch) and every chain must close.
func traceRings(segs []directedEdge) ([]orb.Ring, error) {
	next := make(map[orb.Point]int, len(segs))
	for k, s := range segs {
		if _, dup := next[s.from]; dup {
			return nil, errDegenerate
		}
		next[s.from] = k
	}
	used := make([]bool, len(segs))
	var rings []orb.Ring
	for k := range segs {
		if used[k] {
			continue
		}
		ring := orb.Ring{segs[k].from}
		for cur := k; ; {
			used[cur] = true
			ring = append(ring, segs[cur].to)
			if segs[cur].to == ring[0] {
				break
			}
			n, ok := next[segs[cur].to]
			if !ok || used[n] {
				return nil, errDegenerate
			}
			cur = n
		}
		if len(ring) >= 4 {
			rings = append(rings, ring)
		}
	}
	return rings, nil
}
