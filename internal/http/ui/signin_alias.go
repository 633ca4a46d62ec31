package ui

import (
	"net/http"
	"net/url"
)

// loginAlias answers GET /login, the address people type from habit:
// the sign-in page, with next kept only when it stays on this site.
func (u *UI) loginAlias(w http.ResponseWriter, r *http.Request) {
	target := "/signin"
	if next := r.URL.Query().Get("next"); next != "" {
		target += "?next=" + url.QueryEscape(safeNext(next))
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
}
