package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// AreaM2 is the area of a Polygon or MultiPolygon in square metres (holes
// subtracted, ring orientation ignored); 0 for any other geometry.
func AreaM2(g orb.Geometry) float64 {
	if g == nil {
		return 0
	}
	p := newProjection(g.Bound().Center())
	switch g := g.(type) {
	case orb.Polygon:
		return polygonM2(p, g)
	case orb.MultiPolygon:
		var s float64
		for _, poly := range g {
			s += polygonM2(p, poly)
		}
		return s
	}
	return 0
}

func polygonM2(p projection, poly orb.Polygon) float64 {
	var s float64
	for i, r := range poly {
		a := math.Abs(signedArea(p.ring(r)))
		if i == 0 {
			s += a
		} else {
			s -= a
		}
	}
	return math.Max(s, 0)
}
