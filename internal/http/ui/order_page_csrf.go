package ui

import (
	"net/http"

	"civicgrid/internal/http/httpx"
)

// CSRFFailed answers a browser form post whose CSRF token is missing or
// wrong (most often a page left open past its session, or opened before
// signing in again): a 403 page that says to go back and reload, instead
// of the API's JSON. The server sets it as httpx.Authenticator.CSRFFailed.
func (u *UI) CSRFFailed(w http.ResponseWriter, r *http.Request) {
	u.errorPage(w, r, httpx.PrincipalFrom(r.Context()), http.StatusForbidden, "order.csrf")
}
