package demo

import (
	"math"

	"github.com/paulmach/orb"
)

// localFrame maps WGS84 degrees to metres on a plane through the outline's
// centre. Over a district (30 km) the error is far below a grid's jitter, and
// the map is affine, so containment and orientation agree in both systems.
type localFrame struct{ lng0, lat0, kx, ky float64 }

func newLocalFrame(b orb.Bound) localFrame {
	c := b.Center()
	return localFrame{lng0: c[0], lat0: c[1], kx: 111320 * math.Cos(c[1]*math.Pi/180), ky: 110574}
}

func (f localFrame) toMetres(p orb.Point) orb.Point {
	return orb.Point{(p[0] - f.lng0) * f.kx, (p[1] - f.lat0) * f.ky}
}

func (f localFrame) toLngLat(m orb.Point) orb.Point {
	return orb.Point{f.lng0 + m[0]/f.kx, f.lat0 + m[1]/f.ky}
}

func (f localFrame) ringToMetres(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i, p := range r {
		out[i] = f.toMetres(p)
	}
	return out
}

// area is the signed area of a closed lng/lat ring in m², positive when counter-clockwise.
func (f localFrame) area(r orb.Ring) float64 { return signedArea(r) * f.kx * f.ky }

// centroid of a closed lng/lat ring, in metres.
func (f localFrame) centroid(r orb.Ring) orb.Point { return ringCentroid(f.ringToMetres(r)) }

// distance between two lng/lat points in metres.
func (f localFrame) distance(a, b orb.Point) float64 {
	return math.Hypot((a[0]-b[0])*f.kx, (a[1]-b[1])*f.ky)
}

// orient is twice the signed area of triangle abc: > 0 when c lies left of a→b.
func orientation(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// signedArea of a closed ring (first point repeated last), positive when counter-clockwise.
func signedArea(r orb.Ring) float64 {
	if len(r) < 4 {
		return 0
	}
	sum := 0.0
	o := r[0] // relative to the first point to keep precision with large coordinates
	for i := 1; i+1 < len(r); i++ {
		sum += orientation(o, r[i], r[i+1])
	}
	return sum / 2
}

func ringCentroid(r orb.Ring) orb.Point {
	if len(r) < 4 {
		return r[0]
	}
	o := r[0]
	var cx, cy, a float64
	for i := 1; i+1 < len(r); i++ {
		w := orientation(o, r[i], r[i+1])
		cx += w * (r[i][0] + r[i+1][0] - 2*o[0])
		cy += w * (r[i][1] + r[i+1][1] - 2*o[1])
		a += w
	}
	if a == 0 {
		return o
	}
	return orb.Point{o[0] + cx/(3*a), o[1] + cy/(3*a)}
}

// closedCCW returns a copy of r that is closed and counter-clockwise.
func closedCCW(r orb.Ring) orb.Ring {
	out := append(orb.Ring(nil), r...)
	if len(out) > 0 && out[0] != out[len(out)-1] {
		out = append(out, out[0])
	}
	if signedArea(out) < 0 {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out
}

// distanceToRing is the shortest distance from p to any edge of the closed ring r.
func distanceToRing(r orb.Ring, p orb.Point) float64 {
	best := math.Inf(1)
	for i := 0; i+1 < len(r); i++ {
		best = math.Min(best, distanceToSegment(r[i], r[i+1], p))
	}
	return best
}

func distanceToSegment(a, b, p orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	}
	return math.Hypot(p[0]-(a[0]+t*dx), p[1]-(a[1]+t*dy))
}
