package api

import (
	"net/http"

	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
)

type departmentJSON struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	RegionCode string `json:"region_code"`
	Version    int    `json:"version"`
}

func toDepartmentJSON(d org.Department) departmentJSON {
	return departmentJSON{Code: d.Code, Name: d.Name, RegionCode: d.RegionCode, Version: d.Version}
}

// listDepartments shows the departments serving the caller's part of the
// tree (org.DepartmentsFor).
func (a *API) listDepartments(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	deps, err := org.DepartmentsFor(r.Context(), a.DB, p.Scope)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]departmentJSON, 0, len(deps))
	for _, d := range deps {
		out = append(out, toDepartmentJSON(d))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"departments": out})
}

// getDepartment answers 404 for a department the caller may not see
// (org.GetDepartmentFor).
func (a *API) getDepartment(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	d, err := org.GetDepartmentFor(r.Context(), a.DB, p.Scope, r.PathValue("code"))
	if errs.Is(err, errs.NotFound) {
		notFound(w, "department "+r.PathValue("code"))
		return
	}
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toDepartmentJSON(d))
}

func (a *API) createDepartment(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var in departmentJSON
	if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	by, err := a.adminOf(r, p)
	if err != nil {
		fail(w, r, err)
		return
	}
	d, err := org.AddDepartment(r.Context(), a.DB, org.Department{Code: in.Code, Name: in.Name, RegionCode: in.RegionCode}, by)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, toDepartmentJSON(d))
}

func actorOf(r *http.Request, p *httpx.Principal) auth.Actor {
	return auth.ActorOf(p.User, httpx.ClientIP(r))
}

// adminOf is the signed-in user changing the org tree, stamped by the
// server's clock (auth.AdminOf refuses those who may not administer).
func (a *API) adminOf(r *http.Request, p *httpx.Principal) (auth.Admin, error) {
	by, err := auth.AdminOf(p.User, p.Scope, httpx.ClientIP(r))
	return by.WithClock(a.now), err
}
