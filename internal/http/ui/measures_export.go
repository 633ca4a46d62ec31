package ui

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/report"
	"civicgrid/internal/sheet"
)

// exportParts are the parts of a dashboard an export holds, in page order.
var exportParts = []string{"measures", "trend", "categories", "ranking", "grids"}

// measuresExport is GET /measures/export.{xlsx,csv}?…dashboard query…&part=:
// the dashboard as a workbook with one sheet per part (or only part=), or
// one part as CSV; headers in the page language, the page's figures as
// numbers (rates as fractions formatted 0.0%).
func (u *UI) measuresExport(w http.ResponseWriter, r *http.Request, p *httpx.Principal, format string) {
	ctx := r.Context()
	lang := langOf(w, r)
	part := r.URL.Query().Get("part")
	parts := []string{part}
	switch {
	case part == "" && format == formatXLSX:
		parts = exportParts
	case part == "":
		parts = []string{"measures"}
	case !slices.Contains(exportParts, part):
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
	var tables []table
	for _, part := range parts {
		t, err := u.measuresTable(ctx, p.Scope, q, f, m, part, lang)
		if err != nil {
			u.measuresFail(w, r, p, err)
			return
		}
		tables = append(tables, t)
	}
	name := "measures-" + m.Node + "-" + f.From + "-" + f.To
	if len(parts) == 1 {
		name += "-" + parts[0]
	}
	u.download(w, r, p, format, name, tables...)
}

// measuresTable is one part of the dashboard as a table. The figures are
// read here, before anything is sent, so a failure gets an error page.
func (u *UI) measuresTable(ctx context.Context, scope auth.Scope, q report.Query, f measuresForm, m report.Measures,
	part string, lang Lang) (table, error) {
	col := func(key string, kind sheet.Kind) sheet.Column {
		return sheet.Column{Title: lang.T("measures.col." + key), Kind: kind}
	}
	t := table{Name: lang.T("measures.export." + part)}
	var rows [][]any
	switch part {
	case "trend":
		tr, err := u.o.Reports.Trend(ctx, scope, q)
		if err != nil {
			return t, err
		}
		t.Cols = []sheet.Column{col("date", sheet.Text), col("received", sheet.Int), col("resolved", sheet.Int)}
		for _, d := range tr.Days {
			rows = append(rows, []any{d.Date, d.Received, d.Resolved})
		}
	case "categories":
		mix, err := u.measuresMix(ctx, scope, q, f, lang)
		if err != nil {
			return t, err
		}
		t.Cols = []sheet.Column{col("code", sheet.Text), col("category", sheet.Text), col("received", sheet.Int),
			col("resolve", sheet.Percent), col("satisfaction", sheet.Percent), col("score", sheet.Decimal)}
		for _, c := range mix {
			rows = append(rows, []any{c.Code, c.Name, c.Received, rateCell(c.Rates.Resolve.Defined, c.Rates.Resolve.Value),
				rateCell(c.Rates.Satisfaction.Defined, c.Rates.Satisfaction.Value), rateCell(c.Rates.Score.Defined, c.Rates.Score.Value)})
		}
	case "ranking":
		rks, err := u.measuresRankings(ctx, scope, q, f, lang)
		if err != nil {
			return t, err
		}
		t.Cols = []sheet.Column{col("ranking", sheet.Text), col("rank", sheet.Int), col("code", sheet.Text), col("name", sheet.Text),
			col("received", sheet.Int), col("response", sheet.Percent), col("solve", sheet.Percent),
			col("satisfaction", sheet.Percent), col("score", sheet.Decimal)}
		for _, rk := range rks {
			for _, e := range append(rk.Rows, rk.Idle...) {
				var rank any
				if e.Rank > 0 {
					rank = e.Rank
				}
				solve := solveRate(e.Rates)
				rows = append(rows, []any{rk.Title, rank, e.Code, e.Name, e.Received,
					rateCell(e.Rates.Response.Defined, e.Rates.Response.Value), rateCell(solve.Defined, solve.Value),
					rateCell(e.Rates.Satisfaction.Defined, e.Rates.Satisfaction.Value),
					rateCell(e.Rates.Score.Defined, e.Rates.Score.Value)})
			}
		}
	case "grids":
		t.Cols = []sheet.Column{col("code", sheet.Text), col("grid", sheet.Text), col("received", sheet.Int),
			col("overdue", sheet.Percent), col("on_time", sheet.Percent)}
		var err error
		if rows, err = u.gridFigureRows(ctx, scope, q); err != nil {
			return t, err
		}
	default:
		t.Cols = []sheet.Column{col("id", sheet.Text), col("measure", sheet.Text), col("rate", sheet.Percent),
			col("value", sheet.Decimal), col("num", sheet.Decimal), col("den", sheet.Int), col("thin", sheet.Text),
			{Title: lang.T("measures.col.formula"), Width: 60}}
		rows = measureRows(lang, u.o.Reports.Definitions(), m)
	}
	t.Rows = func(emit func(...any) error) error {
		for _, row := range rows {
			if err := emit(row...); err != nil {
				return err
			}
		}
		return nil
	}
	return t, nil
}

// measureRows are the headline figures: a rate in the rate column with
// its numerator and denominator, a count or the score in the value column.
func measureRows(lang Lang, defs []report.Definition, m report.Measures) [][]any {
	var rows [][]any
	for _, fig := range measureFigures(lang, defs, m) {
		thin := ""
		if fig.Thin {
			thin = lang.T("measures.thin")
		}
		row := []any{fig.ID, fig.Name, nil, nil, nil, nil, thin, fig.Formula}
		switch fig.Kind {
		case "count":
			n := m.Rates.Received
			if fig.ID == "valid" {
				n = m.Rates.Valid
			}
			row[3] = n
		case "score":
			row[3] = rateCell(m.Rates.Score.Defined, m.Rates.Score.Value)
		default:
			rt, _ := rateByID(m.Rates, fig.ID)
			row[2], row[4], row[5] = rateCell(rt.Defined, rt.Value), rt.Num, rt.Den
		}
		rows = append(rows, row)
	}
	return rows
}

// gridFigureRows lists every grid under the node, with or without orders.
func (u *UI) gridFigureRows(ctx context.Context, scope auth.Scope, q report.Query) ([][]any, error) {
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
	var rows [][]any
	for _, g := range grids {
		v := byCode[g.Code]
		rows = append(rows, []any{g.Code, g.Name, v.Counts.Received, rateCell(v.Overdue.Defined, v.Overdue.Value),
			rateCell(v.Rates.OnTimeResolve.Defined, v.Rates.OnTimeResolve.Value)})
	}
	return rows, nil
}
