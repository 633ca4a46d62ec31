package demo

import (
	"civicgrid/internal/errs"
	"civicgrid/internal/org"
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/paulmach/orb"
)

// ErrInvalidLayout marks input Layout cannot work with: a broken outline,
// duplicate or nameless communities, an impossible grid target.
var ErrInvalidLayout = errs.New(errs.Invalid, "demo: invalid layout input")

// LayoutCommunity is one community (社区) or village (村) to place on the map.
type LayoutCommunity struct {
	Code       string // 12-digit NBS code
	Name       string // official name, e.g. 永光社区居委会 or 大峪村委会
	StreetCode string // 9-digit code of its street (街道)
}

// LayoutSpec says what to lay out.
type LayoutSpec struct {
	DistrictName string      // address prefix, e.g. 明山区
	Outline      orb.Polygon // WGS84 [lng, lat]; one ring, no holes
	// UrbanCore is where grids are smallest (city blocks); they grow with the
	// distance from it. A zero bound gives uniform grids.
	UrbanCore   orb.Bound
	Communities []LayoutCommunity
	TargetGrids int
	Seed        uint64
}

// LayoutGrid is one generated grid (网格).
type LayoutGrid struct {
	CommunityCode string
	Name          string // e.g. 永光社区第3网格
	Seq           int    // 1.. within the community: rows north→south, then west→east
	Polygon       orb.Polygon
}

// LayoutBuilding is one generated building point inside a grid.
type LayoutBuilding struct {
	CommunityCode string
	GridSeq       int
	Name          string // e.g. 3号楼
	Address       string // e.g. 明山区永光社区3号楼
	Point         orb.Point
}

// LayoutResult is a generated district: grids ordered by community code then
// seq, buildings by community code, grid seq, then number.
type LayoutResult struct {
	Grids     []LayoutGrid
	Buildings []LayoutBuilding
}

// Weights for sharing cells out: a street gets cells in proportion to its
// communities; inside a street a village gets fewer (and, being rural, larger) cells.
const (
	urbanCommunityWeight   = 1.0
	villageCommunityWeight = 0.5
)

// Layout covers the outline with about spec.TargetGrids grids sharing edges
// exactly, gives every street a contiguous region and every community a
// contiguous part of its street, numbers the grids and places buildings.
// The same spec always gives the same result.
func Layout(spec LayoutSpec) (LayoutResult, error) {
	if err := spec.validate(); err != nil {
		return LayoutResult{}, err
	}
	ring := closedCCW(cleanRing(spec.Outline[0]))
	frame := newLocalFrame(ring.Bound())
	core, hasCore := orb.Bound{}, !spec.UrbanCore.IsZero()
	hub := frame.centroid(ring)
	if hasCore {
		core = orb.Bound{Min: frame.toMetres(spec.UrbanCore.Min), Max: frame.toMetres(spec.UrbanCore.Max)}
		hub = core.Center()
	}
	cells, err := tileOutline(newOutlineIndex(ring), frame, core, hasCore, spec.TargetGrids, spec.Seed)
	if err != nil {
		return LayoutResult{}, err
	}
	if len(cells) < len(spec.Communities) {
		return LayoutResult{}, fmt.Errorf("%w: the outline holds only %d grids for %d communities", ErrInvalidLayout, len(cells), len(spec.Communities))
	}

	nbr := cellNeighbours(cells)
	centroid := make([]orb.Point, len(cells))
	all := make([]int, len(cells))
	for i, c := range cells {
		centroid[i], all[i] = c.centroid, i
	}
	streets := groupLayoutStreets(spec.Communities)
	streetSpecs := make([]regionSpec, len(streets))
	for s, st := range streets {
		streetSpecs[s] = regionSpec{weight: float64(len(st.communities)), urbanity: st.urbanity()}
	}
	streetCells, err := growRegions(all, nbr, centroid, hub, streetSpecs)
	if err != nil {
		return LayoutResult{}, err
	}

	var grids []LayoutGrid
	for s, st := range streets {
		if len(streetCells[s]) < len(st.communities) {
			return LayoutResult{}, fmt.Errorf("%w: street %s got %d grids for %d communities", ErrInvalidLayout, st.code, len(streetCells[s]), len(st.communities))
		}
		specs := make([]regionSpec, len(st.communities))
		for k, c := range st.communities {
			specs[k] = regionSpec{weight: urbanCommunityWeight, urbanity: 1}
			if org.IsVillageCommittee(c.Name) {
				specs[k] = regionSpec{weight: villageCommunityWeight, urbanity: 0}
			}
		}
		communityCells, err := growRegions(streetCells[s], nbr, centroid, hub, specs)
		if err != nil {
			return LayoutResult{}, err
		}
		for k, c := range st.communities {
			display := org.CommitteeDisplayName(c.Name)
			for n, ci := range gridNumberingOrder(communityCells[k], cells) {
				seq := n + 1
				grids = append(grids, LayoutGrid{
					CommunityCode: c.Code,
					Name:          fmt.Sprintf("%s第%d网格", display, seq),
					Seq:           seq,
					Polygon:       orb.Polygon{cells[ci].ring},
				})
			}
		}
	}
	slices.SortFunc(grids, func(a, b LayoutGrid) int {
		return cmp.Or(cmp.Compare(a.CommunityCode, b.CommunityCode), cmp.Compare(a.Seq, b.Seq))
	})
	rng := rand.New(rand.NewPCG(spec.Seed, 0x626c6467))
	buildings := layoutBuildings(grids, spec.Communities, spec.DistrictName, frame, rng)
	return LayoutResult{Grids: grids, Buildings: buildings}, nil
}

func (spec LayoutSpec) validate() error {
	if len(spec.Outline) != 1 {
		return fmt.Errorf("%w: outline must be one ring without holes, got %d rings", ErrInvalidLayout, len(spec.Outline))
	}
	r := spec.Outline[0]
	if len(r) < 4 {
		return fmt.Errorf("%w: outline has %d points, need at least 4", ErrInvalidLayout, len(r))
	}
	for _, p := range r {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || p[0] < -180 || p[0] > 180 || p[1] < -85 || p[1] > 85 {
			return fmt.Errorf("%w: outline point %v is not a WGS84 [lng, lat]", ErrInvalidLayout, p)
		}
	}
	if math.Abs(signedArea(closedCCW(r))) == 0 {
		return fmt.Errorf("%w: outline has no area", ErrInvalidLayout)
	}
	if len(spec.Communities) == 0 {
		return fmt.Errorf("%w: no communities", ErrInvalidLayout)
	}
	seen := map[string]bool{}
	for _, c := range spec.Communities {
		if c.Code == "" || c.Name == "" || c.StreetCode == "" {
			return fmt.Errorf("%w: community %q needs a code, a name and a street code", ErrInvalidLayout, c.Code+c.Name)
		}
		if seen[c.Code] {
			return fmt.Errorf("%w: community code %s appears twice", ErrInvalidLayout, c.Code)
		}
		seen[c.Code] = true
	}
	if spec.TargetGrids < len(spec.Communities) || spec.TargetGrids > 20000 {
		return fmt.Errorf("%w: target of %d grids must lie between the number of communities (%d) and 20000",
			ErrInvalidLayout, spec.TargetGrids, len(spec.Communities))
	}
	return nil
}

type layoutStreet struct {
	code        string
	communities []LayoutCommunity // by code
}

// urbanity is the share of the street's communities that are urban (社区).
func (s layoutStreet) urbanity() float64 {
	urban := 0
	for _, c := range s.communities {
		if !org.IsVillageCommittee(c.Name) {
			urban++
		}
	}
	return float64(urban) / float64(len(s.communities))
}

func groupLayoutStreets(communities []LayoutCommunity) []layoutStreet {
	sorted := slices.Clone(communities)
	slices.SortFunc(sorted, func(a, b LayoutCommunity) int { return cmp.Compare(a.Code, b.Code) })
	byCode := map[string]int{}
	var streets []layoutStreet
	for _, c := range sorted {
		k, ok := byCode[c.StreetCode]
		if !ok {
			k = len(streets)
			byCode[c.StreetCode] = k
			streets = append(streets, layoutStreet{code: c.StreetCode})
		}
		streets[k].communities = append(streets[k].communities, c)
	}
	slices.SortFunc(streets, func(a, b layoutStreet) int { return cmp.Compare(a.code, b.code) })
	return streets
}
