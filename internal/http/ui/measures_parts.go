package ui

import (
	"context"
	"errors"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/report"
)

// rankRow is one row of a ranking table; Href opens that unit's
// dashboard (a child node, or this node filtered to a department).
type rankRow struct {
	Rank                                 int
	Code, Name, Href                     string
	Received                             int64
	Response, Solve, Satisfaction, Score string
	Thin                                 bool
	Unranked                             bool         // too few orders to be ranked (report.Entry.Unranked)
	Rates                                report.Rates // the figures behind the text, for exports
}

// rankingView is one ranking: the children of the node, or the
// departments leading orders there. Idle are the units without orders in
// the period: the page names them in one line rather than as rows of
// dashes.
type rankingView struct {
	ID, Title string
	By        report.Dimension
	Rows      []rankRow
	Idle      []rankRow
	MinRanked int // valid orders a unit needs to be ranked
}

func (v *rankingView) add(row rankRow) {
	if row.Received == 0 {
		v.Idle = append(v.Idle, row)
	} else {
		v.Rows = append(v.Rows, row)
	}
}

// childDimension is what the children of a node are, for a ranking: the
// streets of a district, the communities of a street, the grids of a
// community. Other nodes have none the report ranks.
func childDimension(node string) (report.Dimension, bool) {
	switch len(node) {
	case 6:
		return report.ByStreet, true
	case 9:
		return report.ByCommunity, true
	case 12:
		return report.ByGrid, true
	}
	return "", false
}

// measuresRankings ranks the children of m's node and, unless the view
// is already one department's, the departments. A department user ranks
// nothing: they see their own department only.
func (u *UI) measuresRankings(ctx context.Context, scope auth.Scope, q report.Query, f measuresForm, lang Lang) ([]rankingView, error) {
	if scope.DepartmentCode() != "" {
		return nil, nil
	}
	var out []rankingView
	if by, ok := childDimension(q.Node); ok {
		rk, err := u.o.Reports.Rank(ctx, scope, q, by)
		if err != nil {
			return nil, err
		}
		v := rankingView{ID: "measures-rank-children", Title: lang.T("measures.rank." + string(by)), By: by, MinRanked: rk.MinRanked}
		for _, e := range rk.Entries {
			v.add(rankRowOf(e, f.link("/measures", "node", e.Code)))
		}
		out = append(out, v)
	}
	if q.Department == "" {
		rk, err := u.o.Reports.Rank(ctx, scope, q, report.ByDepartment)
		if err != nil {
			return nil, err
		}
		v := rankingView{ID: "measures-rank-departments", Title: lang.T("measures.rank.department"), By: report.ByDepartment,
			MinRanked: rk.MinRanked}
		for _, e := range rk.Entries {
			v.add(rankRowOf(e, f.link("/measures", "node", q.Node, "department", e.Code)))
		}
		out = append(out, v)
	}
	return out, nil
}

func rankRowOf(e report.Entry, href string) rankRow {
	return rankRow{Rank: e.Rank, Code: e.Code, Name: e.Name, Href: href, Received: e.Counts.Received,
		Response: percent(e.Rates.Response), Solve: percent(solveRate(e.Rates)),
		Satisfaction: percent(e.Rates.Satisfaction), Score: scoreText(e.Rates.Score), Thin: e.Rates.Score.Thin, Unranked: e.Unranked, Rates: e.Rates}
}

// categoryRow is one class of the category mix.
type categoryRow struct {
	Code, Name, Href             string
	Received                     int64
	Resolve, Satisfaction, Score string
	Rates                        report.Rates // the figures behind the text, for exports
}

// mixClasses are the classes the category mix splits into: the children
// of the chosen category (itself when it is a leaf), or with none chosen
// the classes under each top class (a top class without any stands for
// itself).
func mixClasses(cats []category.Category, chosen string) []category.Category {
	children := map[string][]category.Category{}
	for _, c := range cats {
		children[c.ParentCode] = append(children[c.ParentCode], c)
	}
	if chosen != "" {
		if kids := children[chosen]; len(kids) > 0 {
			return kids
		}
		for _, c := range cats {
			if c.Code == chosen {
				return []category.Category{c}
			}
		}
		return nil
	}
	var out []category.Category
	for _, root := range children[""] {
		if kids := children[root.Code]; len(kids) > 0 {
			out = append(out, kids...)
		} else {
			out = append(out, root)
		}
	}
	return out
}

// measuresMix measures each class of the mix with the report's own
// category filter, so a class's row is exactly the dashboard that
// clicking it opens.
func (u *UI) measuresMix(ctx context.Context, scope auth.Scope, q report.Query, f measuresForm, lang Lang) ([]categoryRow, error) {
	cats, err := category.List(ctx, u.o.DB, false)
	if err != nil {
		return nil, err
	}
	var out []categoryRow
	for _, c := range mixClasses(cats, q.Category) {
		cq := q
		cq.Category = c.Code
		m, err := u.o.Reports.Measures(ctx, scope, cq)
		if errors.Is(err, report.ErrInvalid) {
			continue // a class retired since the list was read
		}
		if err != nil {
			return nil, err
		}
		out = append(out, categoryRow{Code: c.Code, Name: categoryName(c, lang), Href: f.link("/measures", "category", c.Code),
			Received: m.Rates.Received, Resolve: percent(m.Rates.Resolve),
			Satisfaction: percent(m.Rates.Satisfaction), Score: scoreText(m.Rates.Score), Rates: m.Rates})
	}
	return out, nil
}
