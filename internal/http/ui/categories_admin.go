package ui

import (
	"context"
	"net/http"
	"strings"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
)

// registerCategoriesAdmin adds the admin pages of the category catalogue
// (派单目录): the tree with each entry's route and limits, an edit form per
// entry and a form to add a leaf under a class.
func (u *UI) registerCategoriesAdmin(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/categories", u.admin(u.catAdmin(u.catList)))
	mux.HandleFunc("POST /admin/categories", u.admin(u.catAdmin(u.catCreate)))
	mux.HandleFunc("GET /admin/categories/{code}", u.admin(u.catAdmin(u.catEdit)))
	mux.HandleFunc("POST /admin/categories/{code}", u.admin(u.catAdmin(u.catSave)))
}

// catAdmin lets through those the catalogue lets edit it
// (category.Actor.MayEdit).
func (u *UI) catAdmin(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		if !category.ActorOf(p.User, p.Scope).MayEdit() {
			u.errorPage(w, r, p, http.StatusForbidden, "cat.forbidden")
			return
		}
		h(w, r, p)
	}
}

// catRow is one entry of the tree as the table shows it.
type catRow struct {
	category.Category
	Depth                       int
	Name, Other                 string // the page language's name, and the other
	Route, Urgency, Kind        string
	Reply, Resolve, FieldsLabel string
	KeywordsLabel               string
}

type catListData struct {
	Rows    []catRow
	Created string
	Saved   string
	New     catForm
	Options catOptions
	Inputs  []catInput
}

func (u *UI) catList(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q := r.URL.Query()
	u.renderCatList(w, r, p, http.StatusOK, catListData{Created: q.Get("created"), Saved: q.Get("saved"), New: catNewForm()})
}

func (u *UI) renderCatList(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d catListData) {
	ctx := r.Context()
	pg := u.newPage(w, r, p, "cat.title")
	cats, err := category.ListFor(ctx, u.o.DB, category.ActorOf(p.User, p.Scope), true)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	depts, err := u.catDepartments(ctx, p)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	depth := map[string]int{}
	for _, c := range cats {
		if c.ParentCode != "" {
			depth[c.Code] = depth[c.ParentCode] + 1
		}
		d.Rows = append(d.Rows, catRowOf(c, depth[c.Code], pg.Lang, depts))
	}
	d.Options = catOptionsFor(cats, depts, pg.Lang, d.New)
	d.Inputs = catInputs(d.New, d.Options, pg.Lang, "cat-add", false)
	pg.D = catPage{List: &d}
	u.render(w, r, status, "categories", pg)
}

// catDepartments names the departments a route may name, by code.
func (u *UI) catDepartments(ctx context.Context, p *httpx.Principal) (map[string]string, error) {
	deps, err := org.ListDepartments(ctx, u.o.DB, scopeRoot(p))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, d := range deps {
		out[d.Code] = d.Name
	}
	return out, nil
}

func catRowOf(c category.Category, depth int, lang Lang, depts map[string]string) catRow {
	row := catRow{Category: c, Depth: depth, Name: c.NameZh, Other: c.NameEn,
		Route: catRouteLabel(c.Route, lang, depts), Urgency: lang.T("cat.urgency." + c.Urgency),
		Kind: lang.T("cat.kind." + c.Kind), Reply: catDuration(c.Limits.Reply, lang),
		KeywordsLabel: strings.Join(c.Keywords, " ")}
	if lang == LangEN {
		row.Name, row.Other = c.NameEn, c.NameZh
	}
	if c.Limits.ResolveWorkingDays > 0 {
		row.Resolve = lang.Tf("cat.workdays", c.Limits.ResolveWorkingDays)
	} else {
		row.Resolve = catDuration(c.Limits.ResolveWithin, lang)
	}
	var names []string
	for _, f := range c.Fields {
		n := f.Name
		if f.Required {
			n += "*"
		}
		names = append(names, n)
	}
	row.FieldsLabel = strings.Join(names, "、")
	return row
}

func catRouteLabel(r category.Route, lang Lang, depts map[string]string) string {
	if r.Level != category.LevelDepartment {
		return lang.T("cat.route." + r.Level)
	}
	name, ok := depts[r.Department]
	if !ok {
		return lang.Tf("cat.route.missing", r.Department)
	}
	return lang.Tf("cat.route.dept", name)
}

// catDuration shows minutes as hours and minutes, e.g. 2小时 / 1 h 30 min.
func catDuration(d time.Duration, lang Lang) string {
	m := int(d / time.Minute)
	h, m := m/60, m%60
	switch {
	case h > 0 && m > 0:
		return lang.Tf("cat.hm", h, m)
	case h > 0:
		return lang.Tf("cat.h", h)
	}
	return lang.Tf("cat.m", m)
}
