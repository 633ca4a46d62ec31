package api

import (
	"net/http"

	"civicgrid/internal/auth"
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
// tree (and, for a department user, the departments beside it).
func (a *API) listDepartments(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	under := p.Scope.RegionPrefix()
	if len(under) > 12 { // a grid worker: list for the grid's community
		under = under[:12]
	}
	deps, err := org.ListDepartments(r.Context(), a.DB, under)
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

func (a *API) getDepartment(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	d, err := org.GetDepartment(r.Context(), a.DB, r.PathValue("code"))
	if err != nil || !departmentVisible(p.Scope, d) {
		notFound(w, "department "+r.PathValue("code"))
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toDepartmentJSON(d))
}

// departmentVisible: a department user sees its own; a node user sees a
// department serving its subtree or one of its ancestors, the same rule as
// ListDepartments.
func departmentVisible(s auth.Scope, d org.Department) bool {
	if s.DepartmentCode() != "" {
		return s.DepartmentCode() == d.Code
	}
	prefix := s.RegionPrefix()
	return prefix != "" && (org.Covers(prefix, d.RegionCode) || org.Covers(d.RegionCode, prefix))
}

func (a *API) createDepartment(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var in departmentJSON
	if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	by, err := auth.AdminOf(p.User, p.Scope, httpx.ClientIP(r))
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
