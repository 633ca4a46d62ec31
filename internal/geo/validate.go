package geo

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"civicgrid/internal/errs"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// ErrInvalidGeometry is wrapped by ValidateGeometry's error.
var ErrInvalidGeometry = errs.New(errs.Invalid, "invalid grid geometry")

// minRingM2 is the smallest ring area taken as non-zero: a square
// centimetre, far below any real grid and far above float noise.
const minRingM2 = 1e-4

// maxPartsOverlapM2 is how much two parts of one MultiPolygon may share
// before they count as overlapping (rounding along a shared edge).
const maxPartsOverlapM2 = 0.01

// ValidateGeometry checks one grid geometry (a polygon drawn on a map, say)
// by the same rules as ParseGridFeatures; the error lists every problem.
func ValidateGeometry(g orb.Geometry) error {
	_, msgs := checkGeometry(g)
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrInvalidGeometry, strings.Join(msgs, "; "))
}

// NormalizeGeometry returns a valid grid geometry in canonical form: no
// repeated consecutive positions, shells counter-clockwise and holes
// clockwise (RFC 7946). It returns ValidateGeometry's error otherwise.
func NormalizeGeometry(g orb.Geometry) (orb.Geometry, error) {
	out, msgs := checkGeometry(g)
	if len(msgs) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrInvalidGeometry, strings.Join(msgs, "; "))
	}
	return out, nil
}

// checkGeometry validates g as a grid: a Polygon or MultiPolygon whose rings
// are closed, have >= 4 positions, lie in WGS84 range, enclose area, do not
// cross or touch themselves or each other, with every hole inside its shell
// and outside the other holes, and no two parts overlapping. It returns the
// canonical geometry and a message per problem.
func checkGeometry(g orb.Geometry) (orb.Geometry, []string) {
	switch g := g.(type) {
	case orb.Polygon:
		p, msgs := checkPolygon(g, "")
		return p, msgs
	case orb.MultiPolygon:
		if len(g) == 0 {
			return nil, []string{"MultiPolygon has no polygons"}
		}
		out := make(orb.MultiPolygon, len(g))
		var msgs []string
		for i, poly := range g {
			p, m := checkPolygon(poly, fmt.Sprintf("polygon %d: ", i))
			out[i] = p
			msgs = append(msgs, m...)
		}
		if len(msgs) == 0 {
			msgs = overlappingParts(out)
		}
		return out, msgs
	case nil:
		return nil, []string{"no geometry"}
	default:
		return nil, []string{fmt.Sprintf("geometry type %s not allowed, want Polygon or MultiPolygon", g.GeoJSONType())}
	}
}

func checkPolygon(poly orb.Polygon, prefix string) (orb.Polygon, []string) {
	if len(poly) == 0 {
		return nil, []string{prefix + "polygon has no rings"}
	}
	var msgs []string
	out := make(orb.Polygon, len(poly))
	for i, r := range poly {
		nr, msg := checkRing(r, i)
		if msg != "" {
			msgs = append(msgs, prefix+msg)
			continue
		}
		out[i] = nr
	}
	if len(msgs) > 0 {
		return nil, msgs
	}
	// Crossing first: a bowtie's lobes cancel to zero signed area, and
	// "intersects itself" is the useful message.
	if msg := firstIntersection(out); msg != "" {
		return nil, []string{prefix + msg}
	}
	for i, r := range out {
		if msg := orientRing(r, i); msg != "" {
			return nil, []string{prefix + msg}
		}
	}
	for i := 1; i < len(out); i++ {
		if !planar.RingContains(out[0], out[i][0]) {
			msgs = append(msgs, fmt.Sprintf("%shole %d lies outside the outer ring", prefix, i))
			continue
		}
		for j := 1; j < len(out); j++ {
			if j != i && planar.RingContains(out[j], out[i][0]) {
				msgs = append(msgs, fmt.Sprintf("%shole %d lies inside hole %d", prefix, i, j))
				break
			}
		}
	}
	return out, msgs
}

// checkRing validates ring i's positions and returns it without repeated
// consecutive ones.
func checkRing(r orb.Ring, i int) (orb.Ring, string) {
	if len(r) < 4 {
		return nil, fmt.Sprintf("ring %d has %d positions, needs at least 4", i, len(r))
	}
	if r[0] != r[len(r)-1] {
		return nil, fmt.Sprintf("ring %d is not closed: first position %s differs from last %s", i, fmtPoint(r[0]), fmtPoint(r[len(r)-1]))
	}
	out := make(orb.Ring, 0, len(r))
	for j, p := range r {
		if err := ValidLngLat(p[0], p[1]); err != nil {
			return nil, fmt.Sprintf("ring %d position %d: %v", i, j, strings.TrimPrefix(err.Error(), ErrInvalidCoordinate.Error()+": "))
		}
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	if len(out) < 4 {
		return nil, fmt.Sprintf("ring %d has fewer than 3 distinct positions", i)
	}
	return out, ""
}

// orientRing checks that simple ring i encloses area and turns it in place
// counter-clockwise for the shell (i == 0) and clockwise for holes.
func orientRing(r orb.Ring, i int) string {
	area := signedArea(newProjection(r.Bound().Center()).ring(r))
	if math.Abs(area) < minRingM2 {
		return fmt.Sprintf("ring %d encloses no area", i)
	}
	if (i == 0) != (area > 0) {
		slices.Reverse(r)
	}
	return ""
}

func overlappingParts(mp orb.MultiPolygon) []string {
	var msgs []string
	bounds := make([]orb.Bound, len(mp))
	for i, p := range mp {
		bounds[i] = p.Bound()
	}
	for i := range mp {
		for j := i + 1; j < len(mp); j++ {
			if !bounds[i].Intersects(bounds[j]) {
				continue
			}
			if a := IntersectionAreaM2(mp[i], mp[j]); a > maxPartsOverlapM2 {
				msgs = append(msgs, fmt.Sprintf("polygons %d and %d overlap by %.1f m²", i, j, a))
			}
		}
	}
	return msgs
}
