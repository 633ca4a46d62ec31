package ui

import (
	"context"
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/report"
)

// exportParts are the parts of a dashboard a CSV holds, in page order.
var exportParts = []string{"measures", "trend", "categories", "ranking", "grids"}

// utf8BOM opens every CSV: without it Excel reads UTF-8 as the local
// code page and the Chinese names turn to mojibake.
const utf8BOM = "\ufeff"

// measuresExport is GET /measures/export.csv?…dashboard query…&part=: one
// part of the dashboard as CSV, header row in the page language, the
// figures as the page shows them.
func (u *UI) measuresExport(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	lang := langOf(w, r)
	part := r.URL.Query().Get("part")
	if part == "" {
		part = "measures"
	}
	if !slices.Contains(exportParts, part) {
		http.Error(w, "part must be one of "+strings.Join(exportParts, ", ")+" — part 须为 "+strings.Join(exportParts, "、"),
			http.StatusBadRequest)
		return
	}
	f := u.readMeasuresForm(r)
	q, err := u.measuresQuery(f)
	if err != nil {
		u.measuresFail(w, r, p, err)
		return
	}
	m, err := u.o.Reports.Measures(ctx, p.Scope, q)
	if err != nil {
		u.measuresFail(w, r, p, err)
		return
	}
	q.Node, f.Node = m.Node, m.Node
	rows, err := u.exportRows(ctx, p.Scope, q, f, m, part, lang)
	if err != nil {
		u.measuresFail(w, r, p, err)
		return
	}
	name := "measures-" + m.Node + "-" + f.From + "-" + f.To + "-" + part + ".csv"
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(utf8BOM))
	cw := csv.NewWriter(w)
	for _, row := range rows {
		for i := range row {
			row[i] = csvCell(row[i])
		}
		_ = cw.Write(row)
	}
	cw.Flush()
}

// exportRows builds one part: a header row, then the rows.
func (u *UI) exportRows(ctx context.Context, scope auth.Scope, q report.Query, f measuresForm, m report.Measures,
	part string, lang Lang) ([][]string, error) {
	head := func(keys ...string) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = lang.T("measures.col." + k)
		}
		return out
	}
	i64 := func(n int64) string { return strconv.FormatInt(n, 10) }
	switch part {
	case "trend":
		tr, err := u.o.Reports.Trend(ctx, scope, q)
		if err != nil {
			return nil, err
		}
		rows := [][]string{head("date", "received", "resolved")}
		for _, d := range tr.Days {
			rows = append(rows, []string{d.Date, i64(d.Received), i64(d.Resolved)})
		}
		return rows, nil
	case "categories":
		mix, err := u.measuresMix(ctx, scope, q, f, lang)
		if err != nil {
			return nil, err
		}
		rows := [][]string{head("code", "category", "received", "resolve", "satisfaction", "score")}
		for _, c := range mix {
			rows = append(rows, []string{c.Code, c.Name, i64(c.Received), c.Resolve, c.Satisfaction, c.Score})
		}
		return rows, nil
	case "ranking":
		rks, err := u.measuresRankings(ctx, scope, q, f, lang)
		if err != nil {
			return nil, err
		}
		rows := [][]string{head("ranking", "rank", "code", "name", "received", "response", "solve", "satisfaction", "score")}
		for _, rk := range rks {
			for _, e := range append(rk.Rows, rk.Idle...) {
				rank := ""
				if e.Rank > 0 {
					rank = strconv.Itoa(e.Rank)
				}
				rows = append(rows, []string{rk.Title, rank, e.Code, e.Name, i64(e.Received), e.Response, e.Solve,
					e.Satisfaction, e.Score})
			}
		}
		return rows, nil
	case "grids":
		return u.exportGrids(ctx, scope, q, lang, head("code", "grid", "received", "overdue", "on_time"))
	}
	rows := [][]string{head("id", "measure", "value", "num", "den", "thin", "formula")}
	for _, fig := range measureFigures(lang, u.o.Reports.Definitions(), m) {
		thin := ""
		if fig.Thin {
			thin = lang.T("measures.thin")
		}
		rows = append(rows, []string{fig.ID, fig.Name, fig.Value, fig.Num, fig.Den, thin, fig.Formula})
	}
	return rows, nil
}

// exportGrids lists every grid under the node, with or without orders.
func (u *UI) exportGrids(ctx context.Context, scope auth.Scope, q report.Query, lang Lang, header []string) ([][]string, error) {
	gf, err := u.o.Reports.ByGrid(ctx, scope, q)
	if err != nil {
		return nil, err
	}
	grids, err := grid.List(ctx, u.o.DB, gf.Node, 0, 0)
	if err != nil {
		return nil, err
	}
	byCode := map[string]report.GridFigure{}
	for _, g := range gf.Grids {
		byCode[g.Code] = g
	}
	rows := [][]string{header}
	for _, g := range grids {
		v := byCode[g.Code]
		rows = append(rows, []string{g.Code, g.Name, strconv.FormatInt(v.Counts.Received, 10), percent(v.Overdue),
			percent(v.Rates.OnTimeResolve)})
	}
	return rows, nil
}

// csvCell keeps a spreadsheet from reading a name as a formula (CSV
// injection): a cell starting with = + - @ gets a leading apostrophe.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
