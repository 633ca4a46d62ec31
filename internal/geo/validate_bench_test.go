package geo_test

import (
	"math"
	"testing"

	"civicgrid/internal/geo"

	"github.com/paulmach/orb"
)

// circle is an n-gon of about radius r degrees, wobbling so that no three
// vertices are collinear.
func circle(n int, r float64) orb.Polygon {
	ring := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		rr := r * (1 + 0.01*math.Sin(float64(i)*7.3))
		ring = append(ring, orb.Point{lng0 + rr*math.Cos(a), lat0 + rr*math.Sin(a)})
	}
	return orb.Polygon{append(ring, ring[0])}
}

// comb is a worst case for the x-sweep: n teeth whose edges all span the
// same x range.
func comb(n int) orb.Polygon {
	ring := orb.Ring{{lng0, lat0}, {lng0 + 0.01, lat0}}
	for i := 0; i < n; i++ {
		y := lat0 + 0.0001*float64(2*i+1)
		ring = append(ring, orb.Point{lng0 + 0.01, y}, orb.Point{lng0 + 0.001, y}, orb.Point{lng0 + 0.001, y + 0.0001}, orb.Point{lng0 + 0.01, y + 0.0001})
	}
	top := lat0 + 0.0001*float64(2*n+1)
	ring = append(ring, orb.Point{lng0 + 0.01, top}, orb.Point{lng0, top}, orb.Point{lng0, lat0})
	return orb.Polygon{ring}
}

func TestValidationOfLargeRings(t *testing.T) {
	for name, p := range map[string]orb.Polygon{"circle": circle(5000, 0.01), "comb": comb(1000)} {
		if err := geo.ValidateGeometry(p); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func BenchmarkValidateCircle5000(b *testing.B) {
	p := circle(5000, 0.01)
	for i := 0; i < b.N; i++ {
		if err := geo.ValidateGeometry(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateComb4000(b *testing.B) {
	p := comb(1000)
	for i := 0; i < b.N; i++ {
		if err := geo.ValidateGeometry(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIntersectionCircles2000(b *testing.B) {
	a, c := circle(2000, 0.01), circle(2000, 0.01)
	for i := range c[0] {
		c[0][i][0] += 0.01 // half over a
	}
	for i := 0; i < b.N; i++ {
		if geo.IntersectionAreaM2(a, c) <= 0 {
			b.Fatal("no overlap")
		}
	}
}
