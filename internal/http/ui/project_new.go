package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// The 新建改造项目 page: staff who manage projects (project.MayManage) pick
// a programme and a community, tick the community's 小区 and the work
// items, and give the name, scope, level, total investment and, if they
// like, the funding by source. Households and buildings are never typed:
// the domain counts them from the grid base. A refusal (funding that does
// not add up, no 小区 …) shows the domain's message with the form as typed.

func (u *UI) registerProjectNew(mux *http.ServeMux) {
	mux.HandleFunc("GET /projects/new", u.signedIn(u.projectNew))
	mux.HandleFunc("POST /projects/new", u.signedIn(u.projectCreate))
}

type projectNewData struct {
	Programmes  []project.Programme
	Communities []medOption
	Community   string
	Estates     []address.Estate
	WorkItems   []project.WorkItem
	Scopes      []string
	Sources     []string
	Form        url.Values
	Alert       string
}

// Checked reports whether the form holds value under key (a ticked box).
func (d projectNewData) Checked(key string, value int64) bool {
	for _, v := range d.Form[key] {
		if v == strconv.FormatInt(value, 10) {
			return true
		}
	}
	return false
}

func (u *UI) projectNew(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderProjectNew(w, r, p, http.StatusOK, r.URL.Query(), "")
}

func (u *UI) renderProjectNew(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, form url.Values, alert string) {
	if !project.MayManage(p.User.Role) || p.Scope.IsZero() {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	ctx := r.Context()
	d := projectNewData{Form: form, Community: form.Get("community"), Scopes: project.ScopeSuggestions, Sources: project.Sources, Alert: alert}
	var err error
	if d.Programmes, err = project.ListProgrammes(ctx, u.o.DB, p.Scope, 0); err != nil {
		u.fail(w, r, p, err)
		return
	}
	if d.Communities, err = u.communitiesIn(ctx, p.Scope.RegionPrefix()); err != nil {
		u.fail(w, r, p, err)
		return
	}
	if d.Community == "" && len(d.Communities) > 0 {
		d.Community = d.Communities[0].Value
	}
	if d.Community != "" {
		if d.Estates, err = address.ListEstates(ctx, u.o.DB, p.Scope, d.Community); errs.KindOf(err) == errs.NotFound {
			d.Community, d.Estates = "", nil
		} else if err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	if d.WorkItems, err = project.WorkItems(ctx, u.o.DB); err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "projects.new.title")
	pg.D = d
	u.render(w, r, status, "project_new", pg)
}

// projectCreate: POST /projects/new — amounts in 万元, as the seeds
// publish them.
func (u *UI) projectCreate(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	if err := r.ParseForm(); err != nil {
		u.renderProjectNew(w, r, p, http.StatusBadRequest, url.Values{}, err.Error())
		return
	}
	f := r.PostForm
	in, err := projectInputOf(f)
	if err == nil {
		err = u.o.DB.InTx(r.Context(), func(tx *store.Tx) error {
			var err error
			_, err = project.Create(r.Context(), tx, u.editor(r, p), in)
			return err
		})
	}
	if err != nil {
		switch errs.KindOf(err) {
		case errs.Invalid, errs.Conflict, errs.NotFound:
			u.renderProjectNew(w, r, p, statusOfKind(err), f, localMessage(langOf(w, r), err, langOf(w, r).T("life.err.invalid")))
		case errs.Forbidden:
			u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		default:
			u.fail(w, r, p, err)
		}
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/public/projects/estates/%d", in.EstateIDs[0]), http.StatusSeeOther)
}

// projectInputOf reads the form: ids of the ticked 小区 and work items,
// amounts in 万元 (funding rows left empty are not given).
func projectInputOf(f url.Values) (project.Input, error) {
	in := project.Input{Name: f.Get("name"), Scope: f.Get("scope"), Level: f.Get("level"), Summary: f.Get("summary"),
		Published: f.Get("published") == "1"}
	in.ProgrammeID, _ = strconv.ParseInt(f.Get("programme"), 10, 64)
	ids := func(key string) []int64 {
		var out []int64
		for _, v := range f[key] {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil {
				out = append(out, id)
			}
		}
		return out
	}
	in.EstateIDs, in.WorkItems = ids("estate"), ids("work_item")
	var err error
	if in.BudgetFen, err = project.ParseWan(f.Get("budget")); err != nil {
		return in, err
	}
	for _, src := range project.Sources {
		v := strings.TrimSpace(f.Get("fund_" + src))
		if v == "" {
			continue
		}
		if in.Funding == nil {
			in.Funding = map[string]int64{}
		}
		if in.Funding[src], err = project.ParseWan(v); err != nil {
			return in, err
		}
	}
	return in, nil
}
