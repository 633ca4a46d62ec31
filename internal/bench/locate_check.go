package bench

import (
	"fmt"
	"strings"

	"civicgrid/internal/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// answer is which grid a point fell in, if any.
type answer struct {
	code string
	ok   bool
}

func (a answer) String() string {
	if !a.ok {
		return "no grid"
	}
	return a.code
}

// boundaryEps is how close to a grid's edge (in degrees, ~0.1 mm) a point
// may be for two answers to differ without alarm: on a shared edge one side
// says "both" (smallest code) and another "neither" (ST_Contains excludes
// the boundary), and floating point decides the rest.
const boundaryEps = 1e-9

// compareAnswers checks that ours and theirs agree on every point except
// boundary cases, which it counts. Any other difference is an error naming
// the first few points.
func compareAnswers(pts []orb.Point, ours, theirs []answer, geoms map[string]orb.Geometry, theirName string) (boundary int, err error) {
	var bad []string
	badCount := 0
	for i, pt := range pts {
		a, b := ours[i], theirs[i]
		if a == b {
			continue
		}
		if nearBoundary(pt, geoms, a, b) {
			boundary++
			continue
		}
		badCount++
		if len(bad) < 5 {
			bad = append(bad, fmt.Sprintf("(%.9f, %.9f): ours %s, %s %s", pt[0], pt[1], a, theirName, b))
		}
	}
	if badCount > 0 {
		return boundary, fmt.Errorf("ours and %s disagree on %d of %d points away from any edge, e.g. %s",
			theirName, badCount, len(pts), strings.Join(bad, "; "))
	}
	return boundary, nil
}

func nearBoundary(pt orb.Point, geoms map[string]orb.Geometry, answers ...answer) bool {
	for _, a := range answers {
		if g, ok := geoms[a.code]; a.ok && ok && planar.DistanceFrom(g, pt) <= boundaryEps {
			return true
		}
	}
	return false
}

// bruteForce answers every point by testing every grid (bounding box
// first), without any index: the reference the index must match.
func bruteForce(entries []geo.IndexEntry, pts []orb.Point) []answer {
	bounds := make([]orb.Bound, len(entries))
	for i, e := range entries {
		bounds[i] = e.Geometry.Bound()
	}
	out := make([]answer, len(pts))
	for i, pt := range pts {
		for j, e := range entries {
			if !bounds[j].Contains(pt) || (out[i].ok && e.Code >= out[i].code) {
				continue
			}
			if contains(e.Geometry, pt) {
				out[i] = answer{e.Code, true}
			}
		}
	}
	return out
}

func contains(g orb.Geometry, pt orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return planar.PolygonContains(g, pt)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, pt)
	}
	return false
}
