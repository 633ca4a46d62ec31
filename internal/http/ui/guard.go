package ui

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"

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

// fail shows the error page of err's kind (errorPages); an unexpected
// error is logged and shown as the 500 page without its text.
func (u *UI) fail(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error) {
	status, key := errorPageOf(err)
	if status == http.StatusInternalServerError {
		httpx.Log(r).Error("ui", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	u.errorPage(w, r, p, status, key)
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

// safeNext keeps a redirect after sign-in or a form on this site: only an
// absolute path of ours passes, else /home. Browsers drop TAB, CR and LF
// from URLs and read a backslash as a slash, so "/\t/evil.example" or
// "/\\evil.example" would leave the site as "//evil.example"; such
// characters are refused anywhere, raw or percent-encoded, and so is a
// path that decodes to start with "//".
func safeNext(next string) string {
	const home = "/home"
	if next == "" || len(next) > 2048 || next[0] != '/' || strings.HasPrefix(next, "//") ||
		strings.IndexFunc(next, unsafeInURL) >= 0 {
		return home
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.IndexFunc(u.Path, unsafeInURL) >= 0 {
		return home
	}
	return next
}

// unsafeInURL is a character a browser strips or rewrites in a URL.
func unsafeInURL(r rune) bool {
	return r < 0x20 || r == 0x7f || r == '\\' || unicode.IsSpace(r)
}

// BodyRefused answers a form httpx.TextBodies refused (not UTF-8, a
// text-direction control, over the limit) with a page in the user's
// language naming the field. It runs before sign-in is read, so the page
// shows as to a visitor.
func (u *UI) BodyRefused(w http.ResponseWriter, r *http.Request, e *httpx.BodyError) {
	pg := u.newPage(w, r, nil, "body.refused.title")
	// The field is named by its label, never by its form name (an English
	// word on a Chinese page); a field without a label is not named.
	msg := pg.T("body." + e.Code)
	if _, labelled := catalogue["body.field."+e.Field]; labelled {
		msg = pg.Tf("body."+e.Code+".field", pg.T("body.field."+e.Field))
	}
	pg.D = errorData{Status: e.Status, Message: msg}
	u.render(w, r, e.Status, "error", pg)
}
