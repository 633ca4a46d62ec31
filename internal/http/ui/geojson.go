package ui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/paulmach/orb"

	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
)

type gridFeature struct {
	Type       string          `json:"type"`
	Properties gridProperties  `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

type gridProperties struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Community string `json:"community_code"`
	Street    string `json:"street_code"`
}

// gridsGeoJSON serves GET /ui/grids.geojson[?under=CODE]: the grid
// polygons and names as a FeatureCollection, for the maps. It is public:
// grid shapes and names are not personal data, and the resident portal
// shows them to everyone. Coordinates are rounded to 6 decimals (about
// 0.1 m), which halves the size and changes nothing a map can show.
//
// It answers with an ETag of its content, so a browser revalidates with
// If-None-Match and gets a 304 without the body while the grids are
// unchanged.
func (u *UI) gridsGeoJSON(w http.ResponseWriter, r *http.Request) {
	under := r.URL.Query().Get("under")
	if under != "" && !isRegionCodeShape(under) {
		http.Error(w, "under must be a region code of up to 12 digits — under 须为不超过 12 位的区划代码", http.StatusBadRequest)
		return
	}
	grids, err := grid.List(r.Context(), u.o.DB, under, 0, 0)
	if err != nil {
		u.fail(w, r, nil, err)
		return
	}
	var buf bytes.Buffer
	buf.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, g := range grids {
		raw, err := geo.MarshalGeometry(orb.Round(g.Geometry))
		if err != nil {
			u.fail(w, r, nil, err)
			return
		}
		f, err := json.Marshal(gridFeature{Type: "Feature", Geometry: raw, Properties: gridProperties{
			Code: g.Code, Name: g.Name, Community: g.CommunityCode, Street: g.CommunityCode[:9]}})
		if err != nil {
			u.fail(w, r, nil, err)
			return
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(f)
	}
	buf.WriteString("]}")
	body := buf.Bytes()

	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "public, no-cache")
	h.Set("Vary", "Accept-Encoding")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/geo+json; charset=utf-8")
	if acceptsGzip(r) {
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		_, _ = zw.Write(body)
		_ = zw.Close()
		h.Set("Content-Encoding", "gzip")
		body = gz.Bytes()
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// isRegionCodeShape accepts the digits of a region code (2 to 12): a
// shape check only, the query finds nothing under a code that is not there.
func isRegionCodeShape(s string) bool {
	if len(s) < 2 || len(s) > 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
