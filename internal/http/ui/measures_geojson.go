package ui

import (
	"bytes"
	"encoding/json"
	"net/http"

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
	// by=visits: the care members and those visited on plan (docs/design.md §13).
	Members    int `json:"members,omitempty"`
	OnSchedule int `json:"on_schedule,omitempty"`
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
	if by != "load" && by != "overdue" && by != "visits" {
		http.Error(w, "by must be load, overdue or visits — by 须为 load、overdue 或 visits", http.StatusBadRequest)
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
		case "visits":
			m := visits[g.Code]
			props.Members, props.OnSchedule = m.Members, m.OnSchedule
			if rate := m.VisitRate(); rate >= 0 {
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

// careByGrid is the care figures of the grids under node, by grid code,
// for the 走访完成率 layer (nil unless by is "visits").
func (u *UI) careByGrid(r *http.Request, p *httpx.Principal, node, by string) (map[string]care.GridMeasure, error) {
	if by != "visits" {
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
