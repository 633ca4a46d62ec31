package ui

import (
	"errors"
	"net/http"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/calendar"
	"civicgrid/internal/http/httpx"
)

type signInData struct {
	Username string
	Next     string
	Error    string
}

func (u *UI) signInForm(w http.ResponseWriter, r *http.Request) {
	p := httpx.PrincipalFrom(r.Context())
	next := r.URL.Query().Get("next")
	if p != nil {
		http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
		return
	}
	pg := u.newPage(w, r, p, "signin.title")
	pg.D = signInData{Next: next}
	u.render(w, r, http.StatusOK, "signin", pg)
}

// signIn checks the password with the configured policy (growing waits
// after repeated failures from one address) and opens a session. On failure the form comes back
// with the username as typed and a message that does not say which of
// the two was wrong.
func (u *UI) signIn(w http.ResponseWriter, r *http.Request) {
	p := httpx.PrincipalFrom(r.Context())
	username := strings.TrimSpace(r.PostFormValue("username"))
	password := r.PostFormValue("password")
	next := r.PostFormValue("next")
	pg := u.newPage(w, r, p, "signin.title")
	again := func(status int, msg string) {
		pg.D = signInData{Username: username, Next: next, Error: msg}
		u.render(w, r, status, "signin", pg)
	}
	if httpx.SameOrigin(r) != nil {
		again(http.StatusForbidden, pg.T("signin.cross_site"))
		return
	}
	if ok, wait := u.o.Throttle.SignIn(r); !ok {
		httpx.SetRetryAfter(w, wait)
		again(http.StatusTooManyRequests, pg.Tf("signin.throttled", minutes(wait)))
		return
	}
	if username == "" || password == "" {
		again(http.StatusBadRequest, pg.T("signin.missing"))
		return
	}
	sess, _, err := u.o.Policy.SignIn(r.Context(), u.o.DB, username, password, httpx.ClientIP(r), u.now())
	var locked *auth.LockedOutError
	switch {
	case err == nil:
	case errors.As(err, &locked):
		httpx.SetRetryAfter(w, locked.Until.Sub(u.now()))
		until := locked.Until.In(calendar.DefaultLocation()).Format("2006-01-02 15:04:05")
		again(http.StatusTooManyRequests, pg.Tf("signin.locked", until))
		return
	case errors.Is(err, auth.ErrBadCredentials):
		again(http.StatusUnauthorized, pg.T("signin.wrong"))
		return
	default:
		u.fail(w, r, p, err)
		return
	}
	// Signing in over a live session (another account) ends the old one.
	if old, err := r.Cookie(httpx.SessionCookie); err == nil && old.Value != "" {
		_ = auth.SignOut(r.Context(), u.o.DB, old.Value)
	}
	httpx.SetSessionCookie(w, r, sess)
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

// signOut ends the session. The CSRF check ran in the middleware, so a
// cross-site form cannot sign anyone out.
func (u *UI) signOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(httpx.SessionCookie); err == nil && c.Value != "" {
		if err := auth.SignOut(r.Context(), u.o.DB, c.Value); err != nil {
			u.fail(w, r, httpx.PrincipalFrom(r.Context()), err)
			return
		}
	}
	httpx.ClearSessionCookie(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
