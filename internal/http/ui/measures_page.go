package ui

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
	"civicgrid/internal/report"
)

// measuresData is what templates/measures.html shows.
type measuresData struct {
	Form     measuresForm
	Error    string // a parameter that is wrong; the rest of the page is empty
	Heading  string
	Crumbs   []measuresCrumb
	Period   string
	AsOf     string
	DeptName string // the department a department user is fixed to

	Categories  []option
	Departments []option // nil for department users

	Figures   []measureFigure
	Trend     []report.TrendDay
	TrendJSON string
	Mix       []categoryRow
	MixJSON   string
	Rankings  []rankingView
	MapURL    string
	Exports   []link
	Presets   []link
	HotTopics []hotTopicView // 热点问题 of the orders in scope

	categoryNames map[string]string // in the page language
}

// measuresCrumb is one step of the path to the node; Href is "" for the
// current node and for steps above the viewer's scope.
type measuresCrumb struct{ Name, Href string }

// measuresPage is GET /measures: the dashboard of one node.
func (u *UI) measuresPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	pg := u.newPage(w, r, p, "measures.title")
	f := u.readMeasuresForm(r)
	d := measuresData{Form: f, Presets: u.measuresPresets(f, pg.Lang)}
	if err := u.measuresOptions(ctx, p.Scope, &d, pg.Lang); err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg.D = &d
	q, err := u.measuresQuery(f)
	var m report.Measures
	if err == nil {
		m, err = u.o.Reports.Measures(ctx, p.Scope, q)
	}
	if err != nil {
		status, msg, ok := measuresProblem(pg.Lang, err)
		switch {
		case !ok:
			u.fail(w, r, p, err)
		case status == http.StatusBadRequest:
			d.Error = msg
			u.render(w, r, status, "measures", pg)
		case status == http.StatusNotFound:
			u.notFound(w, r)
		default:
			u.errorPage(w, r, p, status, "error.forbidden")
		}
		return
	}
	// From here on every part is about the node the report resolved.
	q.Node, f.Node, d.Form.Node = m.Node, m.Node, m.Node
	if m.Department != "" && p.Scope.DepartmentCode() == "" {
		f.Department, d.Form.Department = m.Department, m.Department
	}
	if err := u.fillMeasures(ctx, p.Scope, q, f, m, &d, pg.Lang); err != nil {
		if status, _, ok := measuresProblem(pg.Lang, err); ok && status == http.StatusNotFound {
			u.notFound(w, r)
			return
		}
		u.fail(w, r, p, err)
		return
	}
	d.HotTopics = u.hotTopicsOf(ctx, staffActor(r, p), pg.Lang)
	u.render(w, r, http.StatusOK, "measures", pg)
}

// fillMeasures computes every part of the dashboard.
func (u *UI) fillMeasures(ctx context.Context, scope auth.Scope, q report.Query, f measuresForm, m report.Measures,
	d *measuresData, lang Lang) error {
	d.Heading = m.NodeName
	category := m.CategoryName
	if n, ok := d.categoryNames[m.Category]; ok {
		category = n
	}
	for _, s := range []string{m.DepartmentName, category} {
		if s != "" {
			d.Heading += " · " + s
		}
	}
	d.Period = f.From + " — " + f.To
	d.AsOf = m.AsOf.In(measuresZone).Format("2006-01-02 15:04")
	d.Figures = measureFigures(lang, u.o.Reports.Definitions(), m)
	direct, err := u.directAnswerFigure(ctx, scope, q, lang)
	if err != nil {
		return err
	}
	d.Figures = append(d.Figures, direct)
	if d.Crumbs, err = u.measuresCrumbs(ctx, scope, m.Node, f); err != nil {
		return err
	}
	tr, err := u.o.Reports.Trend(ctx, scope, q)
	if err != nil {
		return err
	}
	d.Trend = tr.Days
	d.TrendJSON = trendJSON(tr.Days)
	if d.Mix, err = u.measuresMix(ctx, scope, q, f, lang); err != nil {
		return err
	}
	d.MixJSON = mixJSON(d.Mix)
	if d.Rankings, err = u.measuresRankings(ctx, scope, q, f, lang); err != nil {
		return err
	}
	d.MapURL = f.link("/measures/grids.geojson", "by", "load")
	d.Exports = append(d.Exports, link{Href: f.link("/measures/export.xlsx"), Label: lang.T("measures.export.workbook"),
		Note: "xlsx"})
	for _, part := range exportParts {
		d.Exports = append(d.Exports, link{Href: f.link("/measures/export.csv", "part", part),
			Label: lang.T("measures.export."+part) + " (CSV)", Note: part})
	}
	return nil
}

// measuresPresets are links to common periods ending today.
func (u *UI) measuresPresets(f measuresForm, lang Lang) []link {
	today := u.now().In(measuresZone)
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	preset := func(from time.Time, key string) link {
		return link{Href: f.link("/measures", "from", day(from), "to", day(today)), Label: lang.T(key)}
	}
	return []link{
		preset(today.AddDate(0, 0, -6), "measures.preset.7"),
		preset(today.AddDate(0, 0, 1-defaultDays), "measures.preset.30"),
		preset(today.AddDate(0, 0, 1-today.Day()), "measures.preset.month"),
		preset(time.Date(today.Year(), 1, 1, 0, 0, 0, 0, measuresZone), "measures.preset.year"),
	}
}

// measuresOptions fills the filter lists: every active category (indented
// by depth) and the departments the viewer may look at.
func (u *UI) measuresOptions(ctx context.Context, scope auth.Scope, d *measuresData, lang Lang) error {
	cats, err := category.List(ctx, u.o.DB, false)
	if err != nil {
		return err
	}
	depth := map[string]int{}
	d.categoryNames = map[string]string{}
	for _, c := range cats {
		if c.ParentCode != "" {
			depth[c.Code] = depth[c.ParentCode] + 1
		}
		name := categoryName(c, lang)
		d.categoryNames[c.Code] = name
		d.Categories = append(d.Categories, option{Value: c.Code, Label: strings.Repeat("\u00a0\u00a0", depth[c.Code]) + name,
			Selected: c.Code == d.Form.Category})
	}
	if own := scope.DepartmentCode(); own != "" {
		dep, err := org.GetDepartment(ctx, u.o.DB, own)
		if err != nil {
			return err
		}
		d.DeptName = dep.Name
		return nil
	}
	root := scope.RegionPrefix()
	if len(root) > 12 {
		root = root[:12]
	}
	deps, err := org.ListDepartments(ctx, u.o.DB, root)
	if err != nil && !isNotFound(err) {
		return err
	}
	for _, dep := range deps {
		d.Departments = append(d.Departments, option{Value: dep.Code, Label: dep.Name, Selected: dep.Code == d.Form.Department})
	}
	return nil
}

// measuresCrumbs is the path from the top of the viewer's scope down to
// node; steps above the scope are left out.
func (u *UI) measuresCrumbs(ctx context.Context, scope auth.Scope, node string, f measuresForm) ([]measuresCrumb, error) {
	var names []measuresCrumb
	region := node
	var gridName string
	if len(node) == 15 {
		g, err := grid.Get(ctx, u.o.DB, node)
		if err != nil {
			return nil, err
		}
		region, gridName = g.CommunityCode, g.Name
	}
	anc, err := org.Ancestors(ctx, u.o.DB, region)
	if err != nil {
		return nil, err
	}
	self, err := org.GetRegion(ctx, u.o.DB, region)
	if err != nil {
		return nil, err
	}
	for _, a := range append(anc, self) {
		if scope.CoversRegion(a.Code) {
			names = append(names, measuresCrumb{Name: a.Name, Href: f.link("/measures", "node", a.Code)})
		}
	}
	if gridName != "" {
		names = append(names, measuresCrumb{Name: gridName})
	} else if len(names) > 0 {
		names[len(names)-1].Href = ""
	}
	return names, nil
}

// trendJSON is the trend for the line chart.
func trendJSON(days []report.TrendDay) string {
	v := struct {
		Dates    []string `json:"dates"`
		Received []int64  `json:"received"`
		Resolved []int64  `json:"resolved"`
	}{Dates: []string{}, Received: []int64{}, Resolved: []int64{}}
	for _, d := range days {
		v.Dates = append(v.Dates, d.Date)
		v.Received = append(v.Received, d.Received)
		v.Resolved = append(v.Resolved, d.Resolved)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// mixJSON is the category mix for the bar chart: classes with orders.
func mixJSON(rows []categoryRow) string {
	type bar struct {
		Name  string `json:"name"`
		Value int64  `json:"value"`
		Href  string `json:"href"`
	}
	out := []bar{}
	for _, r := range rows {
		if r.Received > 0 {
			out = append(out, bar{r.Name, r.Received, r.Href})
		}
	}
	b, _ := json.Marshal(out)
	return string(b)
}
