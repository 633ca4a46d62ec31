package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// WGS84 ellipsoid.
const (
	wgs84A  = 6378137.0
	wgs84E2 = 0.00669437999014
)

// vec is a point in local metres (x east, y north).
type vec struct{ x, y float64 }

func (a vec) sub(b vec) vec             { return vec{a.x - b.x, a.y - b.y} }
func (a vec) cross(b vec) float64       { return a.x*b.y - a.y*b.x }
func (a vec) dot(b vec) float64         { return a.x*b.x + a.y*b.y }
func (a vec) lerp(b vec, t float64) vec { return vec{a.x + (b.x-a.x)*t, a.y + (b.y-a.y)*t} }

// projection is a local equirectangular projection around an origin, with
// the ellipsoid's meridional and prime-vertical radii at the origin's
// latitude. Over a city its area error stays near 0.1%; coordinates near the
// origin keep float64 rounding in the sub-millimetre range.
type projection struct {
	lng0, lat0 float64
	kx, ky     float64 // metres per degree
}

func newProjection(origin orb.Point) projection {
	phi := origin[1] * math.Pi / 180
	s := math.Sin(phi)
	w := 1 - wgs84E2*s*s
	n := wgs84A / math.Sqrt(w)                       // prime vertical radius
	m := wgs84A * (1 - wgs84E2) / (w * math.Sqrt(w)) // meridional radius
	return projection{
		lng0: origin[0], lat0: origin[1],
		kx: n * math.Cos(phi) * math.Pi / 180,
		ky: m * math.Pi / 180,
	}
}

func (p projection) point(pt orb.Point) vec {
	return vec{(pt[0] - p.lng0) * p.kx, (pt[1] - p.lat0) * p.ky}
}

// ring projects a closed orb ring to an open one (no repeated last point).
func (p projection) ring(r orb.Ring) []vec {
	n := len(r)
	if n > 1 && r[0] == r[n-1] {
		n--
	}
	out := make([]vec, n)
	for i := 0; i < n; i++ {
		out[i] = p.point(r[i])
	}
	return out
}

// boundM2 is the area of a bound in square metres.
func boundM2(b orb.Bound) float64 {
	p := newProjection(b.Center())
	lo, hi := p.point(b.Min), p.point(b.Max)
	return (hi.x - lo.x) * (hi.y - lo.y)
}

// signedArea is the shoelace area of an open ring: positive counter-clockwise.
func signedArea(r []vec) float64 {
	var s float64
	for i := range r {
		s += r[i].cross(r[(i+1)%len(r)])
	}
	return s / 2
}
