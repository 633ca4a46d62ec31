package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/report"
	"civicgrid/internal/zone"
)

// registerMeasures adds the routes of the leader dashboards (/measures):
// the dashboard of one node of the org tree (figures with their formulas,
// trend, category mix, rankings, grid map), its exports (.xlsx, .csv) and the
// GeoJSON of the map. Every figure comes from u.o.Reports, which checks
// the viewer's scope: outside it is 404.
func (u *UI) registerMeasures(mux *http.ServeMux) {
	mux.HandleFunc("GET /measures", u.measuresDesk(u.measuresPage))
	exportRoutes(mux, "/measures/export", u.measuresDesk, u.measuresExport)
	mux.HandleFunc("GET /measures/grids.geojson", u.measuresDesk(u.measuresGrids))
}

func (u *UI) measuresDesk(h handler) http.HandlerFunc {
	return u.signedIn(func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		if !report.MayOpenDashboards(p.User, p.Scope) {
			u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
			return
		}
		h(w, r, p)
	})
}

// measuresForm is the query as typed: dates are days in Asia/Shanghai and
// both ends are included (a leader asks for "1 to 30 November"); the
// report's half-open [from, to) ends the day after To.
type measuresForm struct {
	Node, From, To, Category, Department string
	Direct                               bool
}

// defaultDays is the period a dashboard opens on: the last 30 days,
// today included.
const defaultDays = 30

// measuresZone cuts days as the report package does (Asia/Shanghai has
// kept UTC+8 without daylight saving since 1991).
var measuresZone = zone.Shanghai()

func (u *UI) readMeasuresForm(r *http.Request) measuresForm {
	q := r.URL.Query()
	f := measuresForm{Node: strings.TrimSpace(q.Get("node")), From: strings.TrimSpace(q.Get("from")),
		To: strings.TrimSpace(q.Get("to")), Category: strings.TrimSpace(q.Get("category")),
		Department: strings.TrimSpace(q.Get("department")), Direct: q.Get("direct") == "1"}
	today := u.now().In(measuresZone)
	if f.To == "" {
		f.To = today.Format(time.DateOnly)
	}
	if f.From == "" {
		if to, err := time.ParseInLocation(time.DateOnly, f.To, measuresZone); err == nil {
			f.From = to.AddDate(0, 0, 1-defaultDays).Format(time.DateOnly)
		}
	}
	return f
}

// query turns the form into a report.Query for node (the form's node, or
// the viewer's own when "").
func (u *UI) measuresQuery(f measuresForm) (report.Query, error) {
	from, err := u.o.Reports.ParseBound("from", f.From)
	if err != nil {
		return report.Query{}, err
	}
	to, err := u.o.Reports.ParseBound("to", f.To)
	if err != nil {
		return report.Query{}, err
	}
	if len(f.To) == len(time.DateOnly) {
		to = to.AddDate(0, 0, 1) // the last day is included
	}
	return report.Query{Node: f.Node, Department: f.Department, Category: f.Category, From: from, To: to,
		Direct: f.Direct}, nil
}

// values is the form as URL parameters, for links that keep the period
// and filters; set overrides some of them ("" removes one).
func (f measuresForm) values(set ...string) url.Values {
	v := url.Values{}
	put := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	put("node", f.Node)
	put("from", f.From)
	put("to", f.To)
	put("category", f.Category)
	put("department", f.Department)
	if f.Direct {
		v.Set("direct", "1")
	}
	for i := 0; i+1 < len(set); i += 2 {
		if set[i+1] == "" {
			v.Del(set[i])
		} else {
			v.Set(set[i], set[i+1])
		}
	}
	return v
}

// link is path with the form's parameters, some overridden.
func (f measuresForm) link(path string, set ...string) string {
	return path + "?" + f.values(set...).Encode()
}

// measuresProblem is what a report error means for the viewer: a 404 for
// a node or department outside the scope, a 403, or a 400 with the
// message for a parameter that is wrong. ok is false for other errors.
func measuresProblem(lang Lang, err error) (status int, msg string, ok bool) {
	var verr *report.ValidationError
	switch {
	case errs.Is(err, errs.NotFound):
		return http.StatusNotFound, "", true
	case errs.Is(err, errs.Forbidden):
		return http.StatusForbidden, "", true
	case errors.As(err, &verr):
		return http.StatusBadRequest, fieldError(lang, "measures.invalid.", verr.Field, verr.Msg), true
	}
	return 0, "", false
}

// measuresFail answers a report error on a non-page route (CSV, GeoJSON)
// as plain text in both languages, or with the error pages.
func (u *UI) measuresFail(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error) {
	status, msg, ok := measuresProblem(langOf(w, r), err)
	switch {
	case !ok:
		u.fail(w, r, p, err)
	case status == http.StatusNotFound:
		u.notFound(w, r)
	case status == http.StatusForbidden:
		u.errorPage(w, r, p, status, "error.forbidden")
	default:
		http.Error(w, msg, status)
	}
}
