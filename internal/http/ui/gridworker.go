package ui

import (
	"net/http"
	"slices"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
)

// registerGridWorker adds the grid worker's phone pages: /grid (my grid's
// open orders and this month's figures) and /grid/report (a patrol find,
// 未诉先办, filed with a photo and the phone's position).
func (u *UI) registerGridWorker(mux *http.ServeMux) {
	mux.HandleFunc("GET /grid", u.signedIn(u.gwOnly(gwHomeRoles, u.gwHome)))
	mux.HandleFunc("GET /grid/report", u.signedIn(u.gwOnly(gwReportRoles, u.gwReportForm)))
	mux.HandleFunc("POST /grid/report", u.signedIn(u.gwOnly(gwReportRoles, u.gwReportSubmit)))
	mux.HandleFunc("GET /grid/report/suggest", u.signedIn(u.gwOnly(gwReportRoles, u.gwSuggest)))
	mux.HandleFunc("GET /grid/report/fields", u.signedIn(u.gwOnly(gwReportRoles, u.gwFields)))
}

// gwHomeRoles open /grid: grid workers and grid heads (their grid's open
// orders), and building heads (楼长: what they reported themselves).
var gwHomeRoles = []string{auth.RoleGrid, auth.RoleBuilding}

// gwReportRoles open the report page. Building heads (楼长) see it too,
// with a note: the order engine files patrol finds for grid and
// community staff only, so their reports go through their grid worker.
var gwReportRoles = []string{auth.RoleGrid, auth.RoleBuilding}

// gwOnly answers 403 to every role not in roles; the engine checks again.
func (u *UI) gwOnly(roles []string, h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		if !slices.Contains(roles, p.User.Role) {
			u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
			return
		}
		h(w, r, p)
	}
}
