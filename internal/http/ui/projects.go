package ui

import (
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/consultation"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/project"
	"civicgrid/internal/sheet"
	"civicgrid/internal/store"
)

// Renovation and 民生实事 pages (docs/design.md §11): public pages anyone
// may open (published parts only), the same pages with staff extras for
// a signed-in user whose scope covers the project.

func (u *UI) registerProjects(mux *http.ServeMux) {
	mux.HandleFunc("GET /public/projects", u.projectsPublic)
	mux.HandleFunc("GET /public/projects/indicators.xlsx", u.projectsXLSX)
	mux.HandleFunc("GET /public/projects/estates/{id}", u.projectEstate)
	mux.HandleFunc("POST /public/projects/estates/{id}/report", u.projectReport)
	mux.HandleFunc("GET /public/projects/{id}/photos/{sha}", u.projectPhoto)
	mux.HandleFunc("POST /projects/{id}/acceptance", u.signedIn(u.projectAcceptance))
	mux.HandleFunc("GET /projects/overdue", u.signedIn(u.projectsOverdue))
}

// projectScope is the viewer's scope: staff theirs, residents the zero
// scope (published only).
func projectScope(p *httpx.Principal) auth.Scope {
	if p != nil {
		return p.Scope
	}
	return auth.Scope{}
}

func (u *UI) projectYear(r *http.Request) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return 0
}

type projectsPublicData struct {
	Year       int
	Years      []int
	Summary    project.YearSummary
	Estates    []project.EstateRef
	Items      []project.Item
	Today      string
	StaffLinks bool
}

// projectsPublic: GET /public/projects?year= — a year's renovation with
// its totals and output figures, the 小区 to open, and the 民生实事 list.
func (u *UI) projectsPublic(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := httpx.PrincipalFrom(ctx)
	scope := projectScope(p)
	progs, err := project.ListProgrammes(ctx, u.o.DB, scope, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d := projectsPublicData{Year: u.projectYear(r), Today: u.now().In(shanghaiLocation()).Format("2006-01-02"), StaffLinks: p != nil}
	for _, g := range progs {
		if len(d.Years) == 0 || d.Years[len(d.Years)-1] != g.Year {
			d.Years = append(d.Years, g.Year)
		}
	}
	if d.Year == 0 && len(d.Years) > 0 {
		d.Year = d.Years[0]
	}
	if d.Year == 0 {
		d.Year = u.now().In(shanghaiLocation()).Year()
	}
	if d.Summary, err = project.Summary(ctx, u.o.DB, scope, d.Year); err != nil {
		u.fail(w, r, p, err)
		return
	}
	seen := map[int64]bool{}
	for _, pr := range d.Summary.Projects {
		for _, e := range pr.Estates {
			if !seen[e.ID] {
				seen[e.ID] = true
				d.Estates = append(d.Estates, e)
			}
		}
	}
	if d.Items, err = project.Items(ctx, u.o.DB, scope, d.Year); err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "projects.title")
	pg.D = d
	u.render(w, r, http.StatusOK, "projects_public", pg)
}

// projectsXLSX: the year's output indicators by street and in all.
func (u *UI) projectsXLSX(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := httpx.PrincipalFrom(ctx)
	year := u.projectYear(r)
	if year == 0 {
		year = u.now().In(shanghaiLocation()).Year()
	}
	s, err := project.Summary(ctx, u.o.DB, projectScope(p), year)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	x := sheet.NewXLSX(w, shanghaiLocation())
	w.Header().Set("Content-Type", x.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="indicators-`+strconv.Itoa(year)+`.xlsx"`)
	err = x.Sheet(strconv.Itoa(year)+"年建设指标", []sheet.Column{{Title: "街道"}, {Title: "指标"}, {Title: "单位"}, {Title: "数量", Kind: sheet.Int}})
	for _, st := range s.ByStreet {
		for _, t := range st.Totals {
			if err == nil {
				err = x.Row(st.Name, t.Name, t.Unit, t.Quantity)
			}
		}
	}
	for _, t := range s.Indicators {
		if err == nil {
			err = x.Row("全区合计", t.Name, t.Unit, t.Quantity)
		}
	}
	if err == nil {
		err = x.Close()
	}
	if err != nil {
		u.fail(w, r, p, err)
	}
}

type projectEstateData struct {
	E           project.Estate
	MapJSON     string
	Kinds       []projectKind
	Accepted    map[int64]project.Acceptance
	Orders      []project.LinkedOrder
	Staff       bool // the viewer manages these projects
	Photos      map[int64][]project.Report
	Today       string
	Alert       string
	Description string
	Kind        string
	// Consultations are the 小区's 征询 results the viewer may see.
	Consultations []consultView
}

type projectKind struct{ Key, Name string }

func (u *UI) loadEstate(w http.ResponseWriter, r *http.Request, p *httpx.Principal) (*projectEstateData, bool) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		u.notFound(w, r)
		return nil, false
	}
	scope := projectScope(p)
	e, err := project.EstatePage(ctx, u.o.DB, scope, id)
	if errors.Is(err, project.ErrNotFound) && p != nil {
		// Staff of another street see what residents see.
		p, scope = nil, auth.Scope{}
		e, err = project.EstatePage(ctx, u.o.DB, scope, id)
	}
	if errors.Is(err, project.ErrNotFound) {
		u.notFound(w, r)
		return nil, false
	}
	if err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	d := &projectEstateData{E: e, Photos: map[int64][]project.Report{}, Today: u.now().In(shanghaiLocation()).Format("2006-01-02")}
	for _, k := range project.ProblemKinds {
		d.Kinds = append(d.Kinds, projectKind{k.Key, k.Name})
	}
	m := map[string]any{"center": []float64{e.Lng, e.Lat}, "points": e.Points, "name": e.Name}
	b, _ := json.Marshal(m)
	d.MapJSON = string(b)
	if d.Accepted, err = project.Acceptances(ctx, u.o.DB, id); err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	for _, pr := range e.Projects {
		reps, err := project.Reports(ctx, u.o.DB, scope, pr.ID)
		if err != nil {
			u.fail(w, r, p, err)
			return nil, false
		}
		for _, rp := range reps {
			if rp.PhotoSHA256 != "" {
				d.Photos[pr.ID] = append(d.Photos[pr.ID], rp)
			}
		}
	}
	if d.Consultations, err = u.estateConsultations(ctx, scope, p != nil && consultation.MayRun(p.User.Role), id); err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	if p != nil {
		d.Staff = project.MayManage(p.User.Role)
		if d.Orders, err = project.LinkedOrders(ctx, u.o.DB, p.Scope, id); err != nil {
			u.fail(w, r, p, err)
			return nil, false
		}
	}
	return d, true
}

// projectEstate: GET /public/projects/estates/{id} — a 小区's renovation
// for its residents, on a phone: map, work, progress, photos, contractor,
// budget, acceptance, and a 反映问题 form.
func (u *UI) projectEstate(w http.ResponseWriter, r *http.Request) {
	p := httpx.PrincipalFrom(r.Context())
	d, ok := u.loadEstate(w, r, p)
	if !ok {
		return
	}
	u.renderEstate(w, r, p, http.StatusOK, d)
}

func (u *UI) renderEstate(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d *projectEstateData) {
	pg := u.newPage(w, r, p, "projects.estate.title")
	pg.Title = d.E.Name + " · " + pg.Title
	pg.D = d
	u.render(w, r, status, "project_estate", pg)
}

// projectReport: POST /public/projects/estates/{id}/report — files a work
// order at the 小区 linked to the project, then shows its number.
func (u *UI) projectReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := httpx.PrincipalFrom(ctx)
	d, ok := u.loadEstate(w, r, p)
	if !ok {
		return
	}
	pg := u.newPage(w, r, p, "projects.estate.title")
	d.Description = strings.TrimSpace(r.FormValue("description"))
	d.Kind = r.FormValue("kind")
	projectID, _ := strconv.ParseInt(r.FormValue("project"), 10, 64)
	var pr *project.Project
	for i := range d.E.Projects {
		if d.E.Projects[i].ID == projectID {
			pr = &d.E.Projects[i]
		}
	}
	var kind *struct {
		Key, Name, Category string
		Attrs               map[string]string
	}
	for i := range project.ProblemKinds {
		if project.ProblemKinds[i].Key == d.Kind {
			kind = &project.ProblemKinds[i]
		}
	}
	if pr == nil || kind == nil || len([]rune(d.Description)) < 5 {
		d.Alert = pg.T("projects.report.fix")
		u.renderEstate(w, r, p, http.StatusBadRequest, d)
		return
	}
	if msg, limited := u.publicLimited(w, r, "portal.report.limited"); limited {
		d.Alert = msg
		u.renderEstate(w, r, p, http.StatusTooManyRequests, d)
		return
	}
	in := order.Input{Channel: order.ChannelWeb, Category: kind.Category, Attributes: kind.Attrs,
		Description: "【" + d.E.Name + "·" + pr.Name + "】" + kind.Name + "：" + d.Description,
		Address:     d.E.CommunityName + d.E.Name, IdempotencyKey: strings.TrimSpace(r.FormValue("key"))}
	if d.E.Lng != 0 || d.E.Lat != 0 {
		in.Point = &order.Point{Lng: d.E.Lng, Lat: d.E.Lat}
	} else {
		in.CommunityCode = d.E.CommunityCode
	}
	o, _, err := u.o.Orders.Create(ctx, order.ResidentActor(httpx.ClientIP(r)), in)
	if err != nil {
		if errs.KindOf(err) == errs.Invalid {
			// A resident's page: the domain's words only where it says them in
			// the page's language (order errors are English).
			d.Alert = strings.TrimSpace(pg.T("projects.report.refused") + " " + localMessage(pg.Lang, err, ""))
			u.renderEstate(w, r, p, http.StatusBadRequest, d)
			return
		}
		u.fail(w, r, p, err)
		return
	}
	if err := project.LinkOrder(ctx, u.o.DB, pr.ID, o.ID, d.E.ID, u.now()); err != nil {
		u.fail(w, r, p, err)
		return
	}
	cat, err := u.portalCatalogue(ctx)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	u.portalDone(w, r, p, o, "", cat)
}

// projectPhoto serves a progress photo of a project the viewer sees.
func (u *UI) projectPhoto(w http.ResponseWriter, r *http.Request) {
	p := httpx.PrincipalFrom(r.Context())
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	b, ctype, err := project.PhotoOf(r.Context(), u.o.DB, projectScope(p), u.o.ProjectUploads, id, r.PathValue("sha"))
	if errors.Is(err, project.ErrNotFound) {
		u.notFound(w, r)
		return
	}
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "private, max-age=86400")
	_, _ = w.Write(b)
}

// projectAcceptance: POST /projects/{id}/acceptance — staff record 验收
// in a 小区 with the representatives' votes.
func (u *UI) projectAcceptance(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	estate, _ := strconv.ParseInt(r.FormValue("estate"), 10, 64)
	num := func(k string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.FormValue(k)))
		if err != nil {
			return -1
		}
		return n
	}
	a := project.Acceptance{ProjectID: id, EstateID: estate, AcceptedOn: r.FormValue("accepted_on"), Representatives: num("representatives"),
		Satisfied: num("satisfied"), Basic: num("basic"), Unsatisfied: num("unsatisfied"), Note: r.FormValue("note")}
	err := u.o.DB.InTx(r.Context(), func(tx *store.Tx) error {
		return project.RecordAcceptance(r.Context(), tx, u.editor(r, p), a)
	})
	if errs.KindOf(err) == errs.Invalid {
		r.SetPathValue("id", strconv.FormatInt(estate, 10))
		d, ok := u.loadEstate(w, r, p)
		if !ok {
			return
		}
		lang := langOf(w, r)
		d.Alert = localMessage(lang, err, lang.T("form.invalid"))
		u.renderEstate(w, r, p, http.StatusBadRequest, d)
		return
	}
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/public/projects/estates/"+strconv.FormatInt(estate, 10)+"#accept-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

type projectsOverdueData struct {
	Late      []project.Late
	Today     string
	MayManage bool // offers 新建改造项目
}

// projectsOverdue: GET /projects/overdue — the staff dashboard of late 标段.
func (u *UI) projectsOverdue(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	d := projectsOverdueData{Today: u.now().In(shanghaiLocation()).Format("2006-01-02"), MayManage: project.MayManage(p.User.Role)}
	var err error
	if d.Late, err = project.Overdue(r.Context(), u.o.DB, p.Scope, d.Today); err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "projects.overdue.title")
	pg.D = d
	u.render(w, r, http.StatusOK, "projects_overdue", pg)
}

func init() {
	addFuncs(template.FuncMap{
		"wan":       project.Wan,
		"overdueOn": func(s project.Section, day string) bool { return s.OverdueOn(day) },
		"estateOutputs": func(p project.Project, estate int64) []project.Output {
			var out []project.Output
			for _, o := range p.Outputs {
				if o.EstateID == estate && o.Quantity > 0 {
					out = append(out, o)
				}
			}
			return out
		},
		"acceptanceOf": func(m map[int64]project.Acceptance, id int64) *project.Acceptance {
			if a, ok := m[id]; ok {
				return &a
			}
			return nil
		},
		"photosOf": func(m map[int64][]project.Report, id int64) []project.Report { return m[id] },
		"shortSHA": func(s string) string { return s[:min(12, len(s))] },
	})
}
