package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing/fstest"

	"civicgrid/internal/geo"
	"civicgrid/internal/geo/geotest"

	"github.com/paulmach/orb"
)

// The locate bench's city: one district of streets of communities of
// grids, laid out as geotest.Lattice cells of about 80 m (50,000 grids
// cover some 20 km × 16 km, a big city's worth).
const (
	layoutDistrict       = "210504"
	gridsPerCommunity    = 250
	communitiesPerStreet = 20
	maxLayoutGrids       = 999 * communitiesPerStreet * gridsPerCommunity // 3-digit street numbers
	cellMetres           = 80
)

var layoutOrigin = orb.Point{123.60, 41.20}

// cityLayout is a generated city: the division files to import with
// org.ParseDivisionsUnder, and the grid features for grid.Import.
type cityLayout struct {
	divisions fstest.MapFS
	features  []geo.GridFeature
	bound     orb.Bound // of all grids
}

// newCityLayout makes n grids in a near-square lattice, row-major from the
// south-west; the last row may be short. Same n and seed, same city.
func newCityLayout(n int, seed uint64) (cityLayout, error) {
	if n < 1 || n > maxLayoutGrids {
		return cityLayout{}, fmt.Errorf("--n %d: want 1 to %d grids", n, maxLayoutGrids)
	}
	cols := max(int(math.Round(math.Sqrt(float64(n)*1.25))), 1)
	rows := (n + cols - 1) / cols
	polys := geotest.Lattice(rows, cols, layoutOrigin, cellMetres, seed)[:n]

	var streets, villages strings.Builder
	streets.WriteString("code,name,areaCode,provinceCode,cityCode\n")
	villages.WriteString("code,name,streetCode,provinceCode,cityCode,areaCode\n")
	features := make([]geo.GridFeature, n)
	bound := polys[0].Bound()
	for i, p := range polys {
		c := i / gridsPerCommunity
		street := fmt.Sprintf("%s%03d", layoutDistrict, c/communitiesPerStreet+1)
		community := fmt.Sprintf("%s%03d", street, c%communitiesPerStreet+1)
		if i%(gridsPerCommunity*communitiesPerStreet) == 0 {
			fmt.Fprintf(&streets, "%s,第%d街道,%s,21,2105\n", street, c/communitiesPerStreet+1, layoutDistrict)
		}
		if i%gridsPerCommunity == 0 {
			fmt.Fprintf(&villages, "%s,第%d社区居民委员会,%s,21,2105,%s\n", community, c+1, street, layoutDistrict)
		}
		seq := i%gridsPerCommunity + 1
		features[i] = geo.GridFeature{Index: i, CommunityCode: community, Name: fmt.Sprintf("第%d网格", seq), Seq: seq, Geometry: p}
		bound = bound.Union(p.Bound())
	}
	return cityLayout{
		divisions: fstest.MapFS{
			"provinces.csv": {Data: []byte("code,name\n21,辽宁省\n")},
			"cities.csv":    {Data: []byte("code,name,provinceCode\n2105,本溪市,21\n")},
			"areas.csv":     {Data: []byte("code,name,cityCode,provinceCode\n" + layoutDistrict + ",明山区,2105,21\n")},
			"streets.csv":   {Data: []byte(streets.String())},
			"villages.csv":  {Data: []byte(villages.String())},
		},
		features: features,
		bound:    bound,
	}, nil
}

// randomPoints are count points uniformly in the layout's bound widened by
// margin (a share of its size) on every side, so some fall outside every
// grid, as a mis-typed or out-of-district address would.
func randomPoints(b orb.Bound, margin float64, count int, seed uint64) []orb.Point {
	rng := rand.New(rand.NewPCG(seed^0x5bd1e995, seed+1))
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	x0, y0 := b.Min[0]-margin*w, b.Min[1]-margin*h
	pts := make([]orb.Point, count)
	for i := range pts {
		pts[i] = orb.Point{x0 + rng.Float64()*w*(1+2*margin), y0 + rng.Float64()*h*(1+2*margin)}
	}
	return pts
}
