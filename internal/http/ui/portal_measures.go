package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
	"civicgrid/internal/report"
)

// portalMeasuresData is the public measures page of one node.
type portalMeasuresData struct {
	Node     org.Region
	Up       []org.Region // from the area down to the node's parent
	Below    []org.Region
	Periods  []portalPeriod
	Formulas []portalFormula
}

// portalPeriod are the aggregate figures of one period: counts and rates
// only, never an order or a person.
type portalPeriod struct {
	ID, Label, AsOf string
	Figures         []portalFigure
}

type portalFigure struct {
	ID, Label, Value, Detail string
	Thin, None               bool
}

type portalFormula struct{ Name, Text string }

// publicMeasures answers GET /public/measures?node=CODE: how a street or
// community (default: the whole area) handles requests, over the last 30
// days and this year. Anyone may look; only nodes inside the deployment's
// area are shown, as aggregates.
func (u *UI) portalMeasures(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := httpx.PrincipalFrom(ctx)
	area, ok := u.area.get(ctx, u.o.DB)
	if !ok {
		u.notFound(w, r)
		return
	}
	code := strings.TrimSpace(r.URL.Query().Get("node"))
	if code == "" {
		code = area.Code
	}
	if !strings.HasPrefix(code, area.Code) {
		u.notFound(w, r)
		return
	}
	node, err := org.GetRegion(ctx, u.o.DB, code)
	if errors.Is(err, org.ErrNotFound) {
		u.notFound(w, r)
		return
	}
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "portal.measures.title")
	d := portalMeasuresData{Node: node}
	if d.Up, d.Below, err = u.portalMeasuresNav(ctx, area, node); err != nil {
		u.fail(w, r, p, err)
		return
	}
	// The public sees the area as a viewer whose scope is the area.
	scope := auth.ScopeOf(auth.User{NodeCode: area.Code}, "")
	loc := shanghaiLocation()
	now := u.now().In(loc)
	yearStart := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, loc)
	periods := []struct {
		id, label string
		from      time.Time
	}{
		{"last30", pg.T("portal.measures.last30"), now.AddDate(0, 0, -30)},
		{"year", pg.Tf("portal.measures.year", now.Year()), yearStart},
	}
	for _, per := range periods {
		if !now.After(per.from) {
			continue // the first instant of a year has no figures yet
		}
		m, err := u.o.Reports.Measures(ctx, scope, report.Query{Node: node.Code, From: per.from, To: now})
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Periods = append(d.Periods, portalPeriod{ID: per.id, Label: per.label,
			AsOf: pg.Tf("portal.measures.asof", portalTime(m.AsOf)), Figures: portalFigures(pg.Lang, m.Rates)})
	}
	for _, def := range u.o.Reports.Definitions() {
		f := portalFormula{Name: def.NameZh, Text: def.FormulaZh}
		if pg.Lang == LangEN {
			f = portalFormula{Name: def.NameEn, Text: def.FormulaEn}
		}
		d.Formulas = append(d.Formulas, f)
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "portal_measures", pg)
}

// measuresNav is the way up (area … parent) and the regions just below.
func (u *UI) portalMeasuresNav(ctx context.Context, area, node org.Region) (up, below []org.Region, err error) {
	anc, err := org.Ancestors(ctx, u.o.DB, node.Code)
	if err != nil {
		return nil, nil, err
	}
	for _, a := range anc {
		if strings.HasPrefix(a.Code, area.Code) {
			up = append(up, a)
		}
	}
	if node.Level == org.LevelCommunity || node.Level == org.LevelVillage {
		return up, nil, nil
	}
	below, err = org.Children(ctx, u.o.DB, node.Code)
	return up, below, err
}

// portalFigures picks the figures residents ask about, in the 三率 order.
func portalFigures(lang Lang, rs report.Rates) []portalFigure {
	rate := func(id, label string, rt report.Rate) portalFigure {
		f := portalFigure{ID: id, Label: label, Thin: rt.Thin}
		if !rt.Defined {
			f.Value, f.None = "—", true
			return f
		}
		f.Value = fmt.Sprintf("%.1f%%", 100*rt.Value)
		f.Detail = lang.Tf("portal.measures.of", portalTrimFloat(rt.Num), rt.Den)
		return f
	}
	score := portalFigure{ID: "score", Label: lang.T("portal.measures.score"), Value: "—", None: !rs.Score.Defined, Thin: rs.Score.Thin}
	if rs.Score.Defined {
		score.Value = fmt.Sprintf("%.1f", rs.Score.Value)
	}
	return []portalFigure{
		{ID: "received", Label: lang.T("portal.measures.received"), Value: fmt.Sprint(rs.Received)},
		rate("response_rate", lang.T("portal.measures.response"), rs.Response),
		rate("on_time_resolve_rate", lang.T("portal.measures.ontime"), rs.OnTimeResolve),
		rate("resolve_rate", lang.T("portal.measures.resolve"), rs.Resolve),
		rate("satisfaction_rate", lang.T("portal.measures.satisfy"), rs.Satisfaction),
		rate("callback_rate", lang.T("portal.measures.callback"), rs.Callback),
		score,
	}
}

// portalTrimFloat prints a count that may be weighted (满意 × 1 + 基本满意 × 0.8)
// without needless decimals.
func portalTrimFloat(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}
