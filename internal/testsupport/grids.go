package testsupport

import (
	"fmt"
	"strconv"
	"strings"
)

// SquareGrid is a test grid: a square of Side degrees whose south-west
// corner is at Lng, Lat.
type SquareGrid struct {
	Code      string // 15 digits: community code + 3-digit sequence
	Community string
	Lng, Lat  float64
}

// Side is a SquareGrid's edge, in degrees (about 100 m).
const Side = 0.001

// Square is the GeoJSON Polygon coordinates of the Side-degree square
// whose south-west corner is at lng, lat.
func Square(lng, lat float64) string {
	const d = Side
	return fmt.Sprintf(`[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]`,
		lng, lat, lng+d, lat, lng+d, lat+d, lng, lat+d, lng, lat)
}

// GridCollection is grids as a GeoJSON FeatureCollection for grid.Import:
// each named 第<sequence>网格, as a grid import names them.
func GridCollection(grids []SquareGrid) []byte {
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, g := range grids {
		if i > 0 {
			b.WriteString(",")
		}
		seq, err := strconv.Atoi(g.Code[12:])
		if err != nil {
			panic(fmt.Sprintf("testsupport: grid code %q: %v", g.Code, err))
		}
		fmt.Fprintf(&b, `{"type":"Feature","properties":{"community_code":%q,"name":"第%d网格","seq":%d},"geometry":{"type":"Polygon","coordinates":%s}}`,
			g.Community, seq, seq, Square(g.Lng, g.Lat))
	}
	b.WriteString("]}")
	return []byte(b.String())
}
