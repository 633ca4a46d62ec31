package geo_test

import (
	"math"
	"testing"

	"civicgrid/internal/geo"
	"civicgrid/internal/geo/geotest"

	"github.com/paulmach/orb"
)

// ellipsoidQuadM2 is the exact area of a longitude/latitude quadrangle on
// the WGS84 ellipsoid (authalic-latitude formula), an independent check on
// the equirectangular approximation.
func ellipsoidQuadM2(lng1, lat1, lng2, lat2 float64) float64 {
	const a, e2 = 6378137.0, 0.00669437999014
	e := math.Sqrt(e2)
	q := func(latDeg float64) float64 {
		s := math.Sin(latDeg * math.Pi / 180)
		return s/(1-e2*s*s) + math.Log((1+e*s)/(1-e*s))/(2*e)
	}
	b2 := a * a * (1 - e2)
	return (lng2 - lng1) * math.Pi / 180 * b2 / 2 * (q(lat2) - q(lat1))
}

func relErr(got, want float64) float64 { return math.Abs(got-want) / want }

func TestAreaM2AgainstEllipsoid(t *testing.T) {
	for _, c := range []struct{ lng, lat, d float64 }{
		{123.77, 41.30, 0.001}, // ~84 m x 111 m
		{123.77, 41.30, 0.01},  // a large grid
		{123.70, 41.20, 0.2},   // a whole district
		{116.30, 39.90, 0.05},
		{113.20, 23.10, 0.05},
	} {
		want := ellipsoidQuadM2(c.lng, c.lat, c.lng+c.d, c.lat+c.d)
		got := geo.AreaM2(geotest.Square(c.lng, c.lat, c.d))
		if e := relErr(got, want); e > 1e-3 {
			t.Errorf("square %v: AreaM2 = %.1f, ellipsoid %.1f (error %.2g)", c, got, want, e)
		}
	}
}

func TestAreaM2HolesAndParts(t *testing.T) {
	outer := geotest.Square(lng0, lat0, 0.01)
	hole := geotest.Square(lng0+0.002, lat0+0.002, 0.004)
	withHole := orb.Polygon{outer[0], hole[0]}
	want := geo.AreaM2(outer) - geo.AreaM2(hole)
	if got := geo.AreaM2(withHole); relErr(got, want) > 1e-3 {
		t.Errorf("with hole: %.1f, want %.1f", got, want)
	}
	mp := orb.MultiPolygon{outer, geotest.Square(lng0+0.02, lat0, 0.01)}
	if got, want := geo.AreaM2(mp), 2*geo.AreaM2(outer); relErr(got, want) > 1e-3 {
		t.Errorf("two parts: %.1f, want %.1f", got, want)
	}
	if got := geo.AreaM2(orb.LineString{{0, 0}, {1, 1}}); got != 0 {
		t.Errorf("line string area %v, want 0", got)
	}
	if got := geo.AreaM2(nil); got != 0 {
		t.Errorf("nil area %v, want 0", got)
	}
}
