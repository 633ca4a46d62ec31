package ui

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/paulmach/orb"

	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
)

type loadProperties struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Open    int    `json:"open"`
	Overdue int    `json:"overdue"`
}

type loadFeature struct {
	Type       string          `json:"type"`
	Properties loadProperties  `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

// dispatchLoad serves GET /dispatch/load.geojson: every grid in the
// user's area with its open and overdue order counts, for the board's
// map. Counts come from one GROUP BY in the order engine, scoped like
// the order list.
func (u *UI) dispatchLoad(w http.ResponseWriter, r *http.Request, p *httpx.Principal, _ bool) {
	ctx := r.Context()
	loads, err := u.o.Orders.OpenLoadByGrid(ctx, staffActor(r, p))
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	byGrid := make(map[string]int, len(loads))
	for i, l := range loads {
		byGrid[l.GridCode] = i
	}
	grids, err := grid.List(ctx, u.o.DB, scopeRoot(p), 0, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	var buf bytes.Buffer
	buf.WriteString(`{"type":"FeatureCollection","features":[`)
	n := 0
	for _, g := range grids {
		if !p.Scope.CoversRegion(g.Code) {
			continue
		}
		raw, err := geo.MarshalGeometry(orb.Round(g.Geometry))
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		props := loadProperties{Code: g.Code, Name: g.Name}
		if i, ok := byGrid[g.Code]; ok {
			props.Open, props.Overdue = loads[i].Open, loads[i].Overdue
		}
		f, err := json.Marshal(loadFeature{Type: "Feature", Properties: props, Geometry: raw})
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		buf.Write(f)
		n++
	}
	buf.WriteString("]}")
	body := buf.Bytes()
	h := w.Header()
	// The counts change with every order and are scoped to the user.
	h.Set("Cache-Control", "private, no-store")
	h.Set("Vary", "Accept-Encoding, Cookie")
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
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}
