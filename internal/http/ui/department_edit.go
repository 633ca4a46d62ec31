package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
)

// editDepartment is POST /admin/departments/{code}: a new name, at the
// version the form was drawn with; org.EditDepartment keeps to the
// admin's subtree.
func (u *UI) editDepartment(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.departmentStep(w, r, p, "renamed", func(by auth.Admin, code string, version int) error {
		_, err := org.EditDepartment(r.Context(), u.o.DB, code, r.PostFormValue("name"), version, by)
		return err
	})
}

// retireDepartment is POST /admin/departments/{code}/retire (撤销).
func (u *UI) retireDepartment(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.departmentStep(w, r, p, "retired", func(by auth.Admin, code string, version int) error {
		return org.RetireDepartment(r.Context(), u.o.DB, code, version, by)
	})
}

// departmentStep runs one admin step on a department and answers with
// the departments page: a redirect that says what was done, or the page
// with why not.
func (u *UI) departmentStep(w http.ResponseWriter, r *http.Request, p *httpx.Principal, done string,
	step func(by auth.Admin, code string, version int) error) {
	code := r.PathValue("code")
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	by, err := u.adminOf(r, p)
	if err == nil {
		err = step(by, code, version)
	}
	form := departmentForm{Region: scopeRoot(p), Errors: map[string]string{}}
	var verr *org.ValidationError
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/departments?done="+done+"&code="+url.QueryEscape(code), http.StatusSeeOther)
	case errors.Is(err, org.ErrNotFound):
		u.notFound(w, r)
	case errors.Is(err, org.ErrInUse):
		u.renderDepartmentsWith(w, r, p, http.StatusConflict, form, "", "departments.inuse")
	case errors.Is(err, org.ErrStaleVersion):
		u.renderDepartmentsWith(w, r, p, http.StatusConflict, form, "", "departments.stale")
	case errors.As(err, &verr):
		u.renderDepartmentsWith(w, r, p, http.StatusBadRequest, form, "", "departments.err.name")
	default:
		u.fail(w, r, p, err)
	}
}
