package api

import (
	"net/http"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/report"
)

// statsQuery reads ?node=&department=&category=&from=&to=&direct=1. Dates
// are days in Asia/Shanghai (2026-01-01) or RFC 3339 times; the period is
// [from, to).
func (a *API) statsQuery(r *http.Request) (report.Query, error) {
	q := r.URL.Query()
	from, err := a.Reports.ParseBound("from", q.Get("from"))
	if err != nil {
		return report.Query{}, err
	}
	to, err := a.Reports.ParseBound("to", q.Get("to"))
	if err != nil {
		return report.Query{}, err
	}
	return report.Query{Node: q.Get("node"), Department: q.Get("department"), Category: q.Get("category"),
		From: from, To: to, Direct: q.Get("direct") == "1"}, nil
}

// stats answers every measure of a node (department, category) over a
// period, with the counts behind each rate.
func (a *API) stats(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q, err := a.statsQuery(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	m, err := a.Reports.Measures(r.Context(), p.Scope, q)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, m)
}

// statsRanking ranks the streets, communities, grids or departments under
// a node by the weighted 三率 score: ?by=street|community|grid|department.
func (a *API) statsRanking(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	by, err := report.ParseDimension(r.URL.Query().Get("by"))
	if err != nil {
		fail(w, r, err)
		return
	}
	q, err := a.statsQuery(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	rk, err := a.Reports.Rank(r.Context(), p.Scope, q, by)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, rk)
}

// statsDefinitions lists every measure with its formula, in Chinese and
// English, so a page can show how each figure is computed.
func (a *API) statsDefinitions(w http.ResponseWriter, r *http.Request) {
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"definitions": a.Reports.Definitions()})
}

// statsByDemandType answers the measures of a node's orders per 诉求类型
// (满意率 by type and the rest), same query as /stats.
func (a *API) statsByDemandType(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q, err := a.statsQuery(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	m, err := a.Reports.ByDemandType(r.Context(), p.Scope, q)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, m)
}
