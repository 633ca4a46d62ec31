package ui

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/paulmach/orb"

	"civicgrid/internal/care"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/report"
)

// measuresGridProps are a grid's properties on the dashboard map. Value
// is what the map colours by (by=load: orders received; by=overdue: the
// overdue share 0–1, null when no order was due a resolution).
type measuresGridProps struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Received int64    `json:"received"`
	Overdue  *float64 `json:"overdue"`
	Due      int64    `json:"due"`
	Late     float64  `json:"late"`
	Value    *float64 `json:"value"`
	Href     string   `json:"href"`
	// by=visits|rented|floating (docs/design.md §13): the share's
	// numerator and denominator — members visited on plan of members,
	// rented of live houses, floating of people living there.
	Part  int `json:"part,omitempty"`
	Whole int `json:"whole,omitempty"`
}

// measuresGrids is GET /measures/grids.geojson?…dashboard query…&by=load|
// overdue: the grids of the node as polygons with their figures, for the
// choropleth. Same scope checks as the dashboard.
func (u *UI) measuresGrids(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	by := r.URL.Query().Get("by")
	if by == "" {
		by = "load"
	}
	if !slices.Contains([]string{"load", "overdue", "visits", "rented", "floating"}, by) {
		http.Error(w, "by must be load, overdue, visits, rented or floating — by 须为 load、overdue、visits、rented 或 floating", http.StatusBadRequest)
		return
	}
	f := u.readMeasuresForm(r)
	q, err := u.measuresQuery(f)
	if err != nil {
		u.measuresFail(w, r, p, err)
		return
	}
	gf, err := u.o.Reports.ByGrid(ctx, p.Scope, q)
	if err != nil {
		u.measuresFail(w, r, p, err)
		return
	}
	f.Node = gf.Node
	grids, err := grid.List(ctx, u.o.DB, gf.Node, 0, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	visits, err := u.careByGrid(r, p, gf.Node, by)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	byCode := map[string]report.GridFigure{}
	for _, g := range gf.Grids {
		byCode[g.Code] = g
	}
	var buf bytes.Buffer
	buf.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, g := range grids {
		raw, err := geo.MarshalGeometry(orb.Round(g.Geometry))
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		fig := byCode[g.Code]
		props := measuresGridProps{Code: g.Code, Name: g.Name, Received: fig.Counts.Received, Due: fig.Overdue.Den,
			Late: fig.Overdue.Num, Href: f.link("/measures", "node", g.Code)}
		if fig.Overdue.Defined {
			v := fig.Overdue.Value
			props.Overdue = &v
		}
		switch by {
		case "load":
			v := float64(fig.Counts.Received)
			props.Value = &v
		case "visits", "rented", "floating":
			m := visits[g.Code]
			rate := m.VisitRate()
			props.Part, props.Whole = m.OnSchedule, m.Members
			if by == "rented" {
				rate, props.Part, props.Whole = m.RentedShare(), m.Rented, m.Houses
			} else if by == "floating" {
				rate, props.Part, props.Whole = m.FloatingShare(), m.Floating, m.People
			}
			if rate >= 0 {
				props.Value = &rate
			}
		default:
			props.Value = props.Overdue
		}
		feat, err := json.Marshal(gridFeatureOf(raw, props))
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(feat)
	}
	buf.WriteString("]}")
	h := w.Header()
	h.Set("Content-Type", "application/geo+json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}

func gridFeatureOf(geometry json.RawMessage, props measuresGridProps) any {
	return struct {
		Type       string            `json:"type"`
		Properties measuresGridProps `json:"properties"`
		Geometry   json.RawMessage   `json:"geometry"`
	}{"Feature", props, geometry}
}

// careByGrid is the care and register figures of the grids under node, by
// grid code, for the 走访完成率, 出租房 and 流动人口 layers (nil for the
// order layers).
func (u *UI) careByGrid(r *http.Request, p *httpx.Principal, node, by string) (map[string]care.GridMeasure, error) {
	if by == "load" || by == "overdue" {
		return nil, nil
	}
	ms, err := u.o.Care.Measures(r.Context(), careActorOf(r, p), node)
	if err != nil {
		return nil, err
	}
	out := make(map[string]care.GridMeasure, len(ms))
	for _, m := range ms {
		out[m.GridCode] = m
	}
	return out, nil
}
