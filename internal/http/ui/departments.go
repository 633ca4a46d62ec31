package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
)

type departmentRow struct {
	Code, Name, Region string
	InScope            bool // serves a region in the admin's subtree (else a higher level's)
	// Manage: the admin may rename or retire it (org.MayManageDepartment).
	Manage  bool
	Version int
	Retired string // when it was retired, for the retired list
}

type departmentForm struct {
	Code, Name, Region string
	Errors             map[string]string
}

type departmentsData struct {
	Departments []departmentRow
	Retired     []departmentRow
	Created     string
	Notice      string // what was just done, or why it was refused
	Form        departmentForm
	Regions     []option
}

// departments is /admin/departments: the departments that work in the
// admin's part of the tree (including those of the levels above, shown as
// such) and a form to add one.
func (u *UI) departments(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderDepartments(w, r, p, http.StatusOK, departmentForm{Region: scopeRoot(p)}, r.URL.Query().Get("created"))
}

func (u *UI) renderDepartments(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, form departmentForm, created string) {
	u.renderDepartmentsWith(w, r, p, status, form, created, "")
}

// renderDepartmentsWith is renderDepartments with a notice key about a
// rename or retirement that was refused.
func (u *UI) renderDepartmentsWith(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, form departmentForm,
	created, notice string) {
	ctx := r.Context()
	root := scopeRoot(p)
	pl, err := u.loadPlaces(ctx, p.Scope, root)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	deps, err := org.ListDepartments(ctx, u.o.DB, root)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d := departmentsData{Created: created, Form: form, Regions: selectOptions(pl.Regions, form.Region)}
	by, _ := u.adminOf(r, p)
	for _, dep := range deps {
		row := departmentRow{Code: dep.Code, Name: dep.Name, Region: dep.RegionCode,
			InScope: p.Scope.CoversRegion(dep.RegionCode), Manage: org.MayManageDepartment(by, dep), Version: dep.Version}
		if row.InScope {
			row.Region = pl.regionName(dep.RegionCode)
		} else if reg, err := org.GetRegion(ctx, u.o.DB, dep.RegionCode); err == nil {
			row.Region = reg.Name
		}
		d.Departments = append(d.Departments, row)
	}
	retired, err := org.ListRetiredDepartments(ctx, u.o.DB, root)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, dep := range retired {
		d.Retired = append(d.Retired, departmentRow{Code: dep.Code, Name: dep.Name, Region: dep.RegionCode,
			Retired: portalTime(dep.RetiredAt)})
	}
	pg := u.newPage(w, r, p, "departments.title")
	if k := r.URL.Query().Get("done"); k == "renamed" || k == "retired" {
		d.Notice = pg.Tf("departments.done."+k, r.URL.Query().Get("code"))
	}
	if notice != "" {
		d.Notice = pg.T(notice)
	}
	pg.D = d
	u.render(w, r, status, "departments", pg)
}

func (u *UI) addDepartment(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	form := departmentForm{
		Code:   strings.TrimSpace(r.PostFormValue("code")),
		Name:   strings.TrimSpace(r.PostFormValue("name")),
		Region: r.PostFormValue("region_code"),
		Errors: map[string]string{},
	}
	lang := langOf(w, r)
	again := func(field, msg string) {
		form.Errors[field] = msg
		u.renderDepartments(w, r, p, http.StatusBadRequest, form, "")
	}
	var dep org.Department
	by, err := u.adminOf(r, p)
	if err == nil {
		dep, err = org.AddDepartment(r.Context(), u.o.DB, org.Department{Code: form.Code, Name: form.Name, RegionCode: form.Region}, by)
	}
	var verr *org.ValidationError
	switch {
	case err == nil:
	case errors.Is(err, org.ErrOutsideScope):
		again("region_code", lang.T("departments.outside"))
		return
	case errors.As(err, &verr):
		again(verr.Field, fieldError(lang, "departments.err.", verr.Field, verr.Msg))
		return
	case errors.Is(err, org.ErrConflict):
		again("code", lang.T("departments.taken"))
		return
	default:
		u.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/admin/departments?created="+url.QueryEscape(dep.Code), http.StatusSeeOther)
}

// adminOf is the signed-in user changing the org tree, stamped by the
// server's clock (auth.AdminOf refuses those who may not administer).
func (u *UI) adminOf(r *http.Request, p *httpx.Principal) (auth.Admin, error) {
	by, err := auth.AdminOf(p.User, p.Scope, httpx.ClientIP(r))
	return by.WithClock(u.now), err
}
