package geo

import (
	"sort"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// Overlap is a pair of features (positions I < J in the slice given to
// FindOverlaps) sharing more than the tolerance.
type Overlap struct {
	I, J   int
	AreaM2 float64
}

// FindOverlaps returns every pair of grids whose common area exceeds
// toleranceM2 square metres, ordered by I then J. Neighbours that only share
// edges overlap by 0 (see IntersectionAreaM2). Candidates come from an
// R-tree of bounding boxes; a pair whose common box is itself no larger than
// the tolerance is skipped without clipping.
func FindOverlaps(features []GridFeature, toleranceM2 float64) []Overlap {
	geoms := make([]orb.Geometry, len(features))
	for i, f := range features {
		geoms[i] = f.Geometry
	}
	return FindGeometryOverlaps(geoms, toleranceM2)
}

// FindGeometryOverlaps is FindOverlaps over bare geometries (nil entries are
// ignored).
func FindGeometryOverlaps(geoms []orb.Geometry, toleranceM2 float64) []Overlap {
	var tr rtree.RTreeG[int]
	bounds := make([]orb.Bound, len(geoms))
	for i, g := range geoms {
		if g == nil {
			continue
		}
		bounds[i] = g.Bound()
		tr.Insert(bounds[i].Min, bounds[i].Max, i)
	}
	var out []Overlap
	for i, g := range geoms {
		if g == nil {
			continue
		}
		tr.Search(bounds[i].Min, bounds[i].Max, func(_, _ [2]float64, j int) bool {
			if j <= i {
				return true
			}
			if a := overlapArea(g, geoms[j], bounds[i], bounds[j], toleranceM2); a > toleranceM2 {
				out = append(out, Overlap{I: i, J: j, AreaM2: a})
			}
			return true
		})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].I != out[b].I {
			return out[a].I < out[b].I
		}
		return out[a].J < out[b].J
	})
	return out
}

// FindOverlapsBetween returns every pair of an incoming geometry (I) and an
// existing one (J) sharing more than toleranceM2, ordered by I then J; pairs
// within either set are not compared. nil entries are ignored.
func FindOverlapsBetween(incoming, existing []orb.Geometry, toleranceM2 float64) []Overlap {
	var tr rtree.RTreeG[int]
	bounds := make([]orb.Bound, len(existing))
	for j, g := range existing {
		if g == nil {
			continue
		}
		bounds[j] = g.Bound()
		tr.Insert(bounds[j].Min, bounds[j].Max, j)
	}
	var out []Overlap
	for i, g := range incoming {
		if g == nil {
			continue
		}
		bi := g.Bound()
		start := len(out)
		tr.Search(bi.Min, bi.Max, func(_, _ [2]float64, j int) bool {
			if a := overlapArea(g, existing[j], bi, bounds[j], toleranceM2); a > toleranceM2 {
				out = append(out, Overlap{I: i, J: j, AreaM2: a})
			}
			return true
		})
		found := out[start:]
		sort.Slice(found, func(a, b int) bool { return found[a].J < found[b].J })
	}
	return out
}

// overlapArea is IntersectionAreaM2, or 0 when the boxes alone prove the
// overlap cannot exceed the tolerance.
func overlapArea(a, b orb.Geometry, ba, bb orb.Bound, toleranceM2 float64) float64 {
	common := orb.Bound{
		Min: orb.Point{max(ba.Min[0], bb.Min[0]), max(ba.Min[1], bb.Min[1])},
		Max: orb.Point{min(ba.Max[0], bb.Max[0]), min(ba.Max[1], bb.Max[1])},
	}
	if common.Min[0] > common.Max[0] || common.Min[1] > common.Max[1] || boundM2(common) <= toleranceM2 {
		return 0
	}
	return IntersectionAreaM2(a, b)
}

// OverlapsWith returns the area g shares with other when it exceeds
// toleranceM2, and 0 otherwise; cheap when their boxes barely meet.
func OverlapsWith(g, other orb.Geometry, toleranceM2 float64) float64 {
	if g == nil || other == nil {
		return 0
	}
	a := overlapArea(g, other, g.Bound(), other.Bound(), toleranceM2)
	if a > toleranceM2 {
		return a
	}
	return 0
}
