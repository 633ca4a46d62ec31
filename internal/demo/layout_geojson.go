package demo

import (
	"encoding/json"

	"github.com/paulmach/orb"
)

// The grid importer reads exactly these three properties.
type layoutGridProperties struct {
	CommunityCode string `json:"community_code"`
	Name          string `json:"name"`
	Seq           int    `json:"seq"`
}

type layoutGridFeature struct {
	Type       string               `json:"type"`
	Properties layoutGridProperties `json:"properties"`
	Geometry   layoutPolygonJSON    `json:"geometry"`
}

type layoutPolygonJSON struct {
	Type        string      `json:"type"`
	Coordinates orb.Polygon `json:"coordinates"`
}

// FeatureCollection renders the grids as a GeoJSON FeatureCollection of
// Polygons (WGS84 [lng, lat], exterior rings counter-clockwise as RFC 7946
// asks) with properties community_code, name and seq.
func (r LayoutResult) FeatureCollection() ([]byte, error) {
	fc := struct {
		Type     string              `json:"type"`
		Features []layoutGridFeature `json:"features"`
	}{Type: "FeatureCollection", Features: make([]layoutGridFeature, 0, len(r.Grids))}
	for _, g := range r.Grids {
		fc.Features = append(fc.Features, layoutGridFeature{
			Type:       "Feature",
			Properties: layoutGridProperties{CommunityCode: g.CommunityCode, Name: g.Name, Seq: g.Seq},
			Geometry:   layoutPolygonJSON{Type: "Polygon", Coordinates: g.Polygon},
		})
	}
	return json.Marshal(fc)
}
