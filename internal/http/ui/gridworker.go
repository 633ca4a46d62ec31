package ui

import (
	"net/http"

	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
)

// registerGridWorker adds the grid worker's phone pages: /grid (my grid's
// open orders and this month's figures) and /grid/report (a patrol find,
// 未诉先办, filed with a photo and the phone's position).
func (u *UI) registerGridWorker(mux *http.ServeMux) {
	mux.HandleFunc("GET /grid", u.signedIn(u.gwOnly(u.gwHome)))
	mux.HandleFunc("GET /grid/report", u.signedIn(u.gwOnly(u.gwReportForm)))
	mux.HandleFunc("POST /grid/report", u.signedIn(u.gwOnly(u.gwReportSubmit)))
	mux.HandleFunc("GET /grid/report/suggest", u.signedIn(u.gwOnly(u.gwSuggest)))
	mux.HandleFunc("GET /grid/report/fields", u.signedIn(u.gwOnly(u.gwFields)))
}

// gwOnly answers 403 to all but those who work on the ground
// (grid.WorksInField): grid workers and grid heads (their grid's open
// orders), and building heads (楼长: what they reported themselves; their
// finds go to their grid worker). The engine checks each step again.
func (u *UI) gwOnly(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		if !grid.WorksInField(p.User.Role) {
			u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
			return
		}
		h(w, r, p)
	}
}
