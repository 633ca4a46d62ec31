package ui

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
)

// handler is a page handler for a signed-in user.
type handler func(w http.ResponseWriter, r *http.Request, p *httpx.Principal)

// signedIn sends a visitor to the sign-in page, with the page they wanted
// in next so they come back to it.
func (u *UI) signedIn(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := httpx.PrincipalFrom(r.Context())
		if p == nil {
			next := "/home"
			if r.Method == http.MethodGet {
				next = r.URL.RequestURI()
			}
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		h(w, r, p)
	}
}

// admin is signedIn plus the admin role, with a scope that covers part of
// the tree. Each handler still checks the code it is asked about against
// the scope, and answers 404 outside it.
func (u *UI) admin(h handler) http.HandlerFunc {
	return u.signedIn(func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		if !auth.CanAdminister(p.User.Role) || p.Scope.RegionPrefix() == "" {
			u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
			return
		}
		h(w, r, p)
	})
}

// notFound is the answer both for what does not exist and for what lies
// outside the caller's scope, so a page never tells that something exists
// where the user may not look.
func (u *UI) notFound(w http.ResponseWriter, r *http.Request) {
	u.errorPage(w, r, httpx.PrincipalFrom(r.Context()), http.StatusNotFound, "error.notfound")
}

// fail logs an unexpected error and shows the 500 page without its text.
func (u *UI) fail(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error) {
	slog.Error("ui", "method", r.Method, "path", r.URL.Path, "err", err)
	u.errorPage(w, r, p, http.StatusInternalServerError, "error.internal")
}

type errorData struct {
	Status  int
	Message string
}

func (u *UI) errorPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, key string) {
	pg := u.newPage(w, r, p, key+".title")
	pg.D = errorData{Status: status, Message: pg.T(key)}
	u.render(w, r, status, "error", pg)
}

// safeNext keeps a post-sign-in redirect on this site: a local absolute
// path, never "//host" or "/\host" which browsers read as another site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") {
		return "/home"
	}
	return next
}
