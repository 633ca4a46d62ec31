package demo

import (
	"math"

	"github.com/paulmach/orb"
)

// outline is the district boundary (closed, counter-clockwise, lng/lat) with
// its edges bucketed into horizontal bands, so a point-in-polygon test only
// looks at the few edges its latitude can cross.
type outlineIndex struct {
	ring     orb.Ring
	bandLat0 float64
	bandH    float64
	bands    [][]int32
}

const outlineBands = 256

func newOutlineIndex(r orb.Ring) *outlineIndex {
	o := &outlineIndex{ring: r}
	b := r.Bound()
	o.bandLat0 = b.Min[1]
	o.bandH = (b.Max[1] - b.Min[1]) / outlineBands
	o.bands = make([][]int32, outlineBands)
	for e := 0; e+1 < len(r); e++ {
		lo, hi := o.band(math.Min(r[e][1], r[e+1][1])), o.band(math.Max(r[e][1], r[e+1][1]))
		for k := lo; k <= hi; k++ {
			o.bands[k] = append(o.bands[k], int32(e))
		}
	}
	return o
}

func (o *outlineIndex) band(lat float64) int {
	k := int(math.Floor((lat - o.bandLat0) / o.bandH))
	return max(0, min(outlineBands-1, k))
}

func (o *outlineIndex) edge(e int32) (orb.Point, orb.Point) { return o.ring[e], o.ring[e+1] }

func (o *outlineIndex) edgeCount() int { return len(o.ring) - 1 }

// contains reports whether p is inside the outline (even-odd edgeCrossing count).
func (o *outlineIndex) contains(p orb.Point) bool {
	if p[1] < o.bandLat0 || p[1] > o.bandLat0+o.bandH*outlineBands {
		return false
	}
	in := false
	for _, e := range o.bands[o.band(p[1])] {
		a, b := o.edge(e)
		if (a[1] > p[1]) != (b[1] > p[1]) {
			x := a[0] + (p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1])
			if p[0] < x {
				in = !in
			}
		}
	}
	return in
}

// cleanRing drops repeated points and zero-width spikes (A→B→A, or any
// vertex where the boundary doubles back on a straight line). Real outlines
// have them (明山区 runs one 80 m edge three times) and they would put three
// outline edges through one point.
func cleanRing(r orb.Ring) orb.Ring {
	pts := append([]orb.Point(nil), r...)
	if len(pts) > 1 && pts[0] == pts[len(pts)-1] {
		pts = pts[:len(pts)-1]
	}
	for changed := true; changed && len(pts) >= 3; {
		changed = false
		for i := 0; i < len(pts) && len(pts) >= 3; i++ {
			a, b, c := pts[(i+len(pts)-1)%len(pts)], pts[i], pts[(i+1)%len(pts)]
			backtrack := (b[0]-a[0])*(c[0]-b[0])+(b[1]-a[1])*(c[1]-b[1]) < 0
			if b == a || (orientation(a, b, c) == 0 && backtrack) {
				pts = append(pts[:i], pts[i+1:]...)
				changed = true
				i--
			}
		}
	}
	if len(pts) == 0 {
		return nil
	}
	return append(orb.Ring(pts), pts[0])
}
