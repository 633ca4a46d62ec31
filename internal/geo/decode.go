package geo

import (
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"
)

type rawGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// decodeGeometry turns a GeoJSON geometry into orb types, strictly: every
// position must have 2 numbers (a third, altitude, is dropped). orb/geojson
// would silently read a 1-number position as [x, 0].
func decodeGeometry(g *rawGeometry) (orb.Geometry, []string) {
	if g == nil {
		return nil, []string{"feature has no geometry"}
	}
	switch g.Type {
	case "Polygon":
		p, msg, err := readPolygon(g.Coordinates)
		if err != nil {
			return nil, []string{"Polygon coordinates must be an array of rings of [lng, lat] positions: " + err.Error()}
		}
		if msg != "" {
			return nil, []string{msg}
		}
		return p, nil
	case "MultiPolygon":
		mp, msg, err := readMultiPolygon(g.Coordinates)
		if err != nil {
			return nil, []string{"MultiPolygon coordinates must be an array of polygons: " + err.Error()}
		}
		if msg != "" {
			return nil, []string{msg}
		}
		return mp, nil
	case "":
		return nil, []string{"geometry has no type"}
	default:
		return nil, []string{fmt.Sprintf("geometry type %s not allowed, want Polygon or MultiPolygon", g.Type)}
	}
}
