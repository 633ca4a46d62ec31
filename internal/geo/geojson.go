package geo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paulmach/orb"
)

// GeoJSON geometry text for storage and APIs. orb/geojson would do, but it
// pulls in the MongoDB BSON module for a feature we never use; grids only
// need Polygon, MultiPolygon and Point, which encoding/json writes directly
// from orb's nested arrays.

type jsonGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// MarshalGeometry writes a Polygon, MultiPolygon or Point as a GeoJSON
// geometry object.
func MarshalGeometry(g orb.Geometry) ([]byte, error) {
	switch g := g.(type) {
	case orb.Polygon:
		return json.Marshal(jsonGeometry{"Polygon", g})
	case orb.MultiPolygon:
		return json.Marshal(jsonGeometry{"MultiPolygon", g})
	case orb.Point:
		return json.Marshal(jsonGeometry{"Point", g})
	case nil:
		return nil, fmt.Errorf("geo: no geometry to marshal")
	}
	return nil, fmt.Errorf("geo: cannot marshal %s", g.GeoJSONType())
}

// UnmarshalGeometry reads a GeoJSON Polygon or MultiPolygon geometry object
// (not validated as a grid: see ValidateGeometry).
func UnmarshalGeometry(data []byte) (orb.Geometry, error) {
	if g, ok := unmarshalOwn(data); ok {
		return g, nil
	}
	var raw rawGeometry
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	g, msgs := decodeGeometry(&raw)
	if len(msgs) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrMalformed, strings.Join(msgs, "; "))
	}
	return g, nil
}

var (
	ownPolygon      = []byte(`{"type":"Polygon","coordinates":`)
	ownMultiPolygon = []byte(`{"type":"MultiPolygon","coordinates":`)
)

// unmarshalOwn is the fast path for the exact layout MarshalGeometry writes
// (what the grids table holds): it skips encoding/json's pass over the
// whole text. Anything else, or any doubt, goes the general way.
func unmarshalOwn(data []byte) (orb.Geometry, bool) {
	if len(data) == 0 || data[len(data)-1] != '}' {
		return nil, false
	}
	switch {
	case bytes.HasPrefix(data, ownPolygon):
		p, msg, err := readPolygon(data[len(ownPolygon) : len(data)-1])
		return p, err == nil && msg == ""
	case bytes.HasPrefix(data, ownMultiPolygon):
		mp, msg, err := readMultiPolygon(data[len(ownMultiPolygon) : len(data)-1])
		return mp, err == nil && msg == ""
	}
	return nil, false
}
