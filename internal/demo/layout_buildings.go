package demo

import (
	"civicgrid/internal/org"
	"fmt"
	"math/rand/v2"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

const (
	buildingEdgeClearance = 5.0  // metres from the grid's edge
	buildingSpacing       = 15.0 // metres between two buildings of one grid
)

// placeBuildings puts a few building points strictly inside every grid:
// 3–12 blocks of flats (N号楼) in an urban community's grid, 1–4 courtyards
// (N号院) in a village's. Numbers run through the community in grid order.
// Grids ordered by community then seq give a stable, seeded result.
func layoutBuildings(grids []LayoutGrid, communities []LayoutCommunity, district string, frame localFrame, rng *rand.Rand) []LayoutBuilding {
	byCode := make(map[string]LayoutCommunity, len(communities))
	for _, c := range communities {
		byCode[c.Code] = c
	}
	var out []LayoutBuilding
	number := map[string]int{}
	for _, g := range grids {
		c := byCode[g.CommunityCode]
		village := org.IsVillageCommittee(c.Name)
		want, suffix := 3+rng.IntN(10), "号楼"
		if village {
			want, suffix = 1+rng.IntN(4), "号院"
		}
		display := org.CommitteeDisplayName(c.Name)
		for _, p := range samplePointsInside(frame.ringToMetres(g.Polygon[0]), want, rng) {
			number[g.CommunityCode]++
			name := fmt.Sprintf("%d%s", number[g.CommunityCode], suffix)
			out = append(out, LayoutBuilding{
				CommunityCode: g.CommunityCode,
				GridSeq:       g.Seq,
				Name:          name,
				Address:       district + display + name,
				Point:         frame.toLngLat(p),
			})
		}
	}
	return out
}

// samplePointsInside draws up to want points (metres) inside ring, clear of
// its edges and of each other; a sliver of a grid may get fewer.
func samplePointsInside(ring orb.Ring, want int, rng *rand.Rand) []orb.Point {
	b := ring.Bound()
	var pts []orb.Point
	for try := 0; try < 60*want && len(pts) < want; try++ {
		p := orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
		if !planar.RingContains(ring, p) || distanceToRing(ring, p) < buildingEdgeClearance {
			continue
		}
		crowded := false
		for _, q := range pts {
			if metresBetween(p, q) < buildingSpacing {
				crowded = true
				break
			}
		}
		if !crowded {
			pts = append(pts, p)
		}
	}
	return pts
}
