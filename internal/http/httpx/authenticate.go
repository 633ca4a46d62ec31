package httpx

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "civicgrid_session"

// CSRFHeader carries the session's CSRF token on unsafe requests made with
// the cookie; forms send the field CSRFField instead.
const (
	CSRFHeader = "X-CSRF-Token"
	CSRFField  = "csrf_token"
)

// Authenticator resolves the cookie or bearer token of each request to a
// Principal, and refuses cookie-authenticated writes without the CSRF token.
type Authenticator struct {
	DB     *store.DB
	Policy auth.Policy
	Now    func() time.Time
	// CSRFFailed, when set, answers a browser form post (see
	// wantsHTMLPage) whose CSRF token is missing or wrong, with a page
	// instead of the JSON error; the principal is in the request context.
	CSRFFailed http.Handler
}

func (a *Authenticator) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// Middleware attaches the principal when credentials are valid. Invalid or
// expired credentials are not an error here: the request proceeds
// anonymously and handlers that need a user answer 401.
func (a *Authenticator) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var p *Principal
		if bearer, ok := bearerToken(r); ok {
			u, err := auth.TokenUser(ctx, a.DB, bearer, a.now())
			if err != nil {
				if !errors.Is(err, auth.ErrBadCredentials) {
					Log(r).Warn("token check failed", "err", err)
				}
				WriteError(w, http.StatusUnauthorized, "bad_token", "the API token is unknown, expired, revoked or belongs to a disabled user")
				return
			}
			p = &Principal{User: u}
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			u, sess, err := a.Policy.SessionUser(ctx, a.DB, c.Value, a.now())
			switch {
			case err == nil:
				p = &Principal{User: u, Session: &sess}
			case errors.Is(err, auth.ErrBadCredentials), errors.Is(err, auth.ErrSessionExpired):
				ClearSessionCookie(w, r)
			default:
				Log(r).Warn("session check failed", "err", err)
			}
		}
		if p != nil {
			scope, err := auth.ScopeForUser(ctx, a.DB, p.User)
			if err != nil {
				Log(r).Error("scope", "user", p.User.Username, "err", err)
				WriteError(w, http.StatusInternalServerError, "internal", "could not work out your scope")
				return
			}
			p.Scope = scope
			if p.Session != nil && !safeMethod(r.Method) && !csrfOK(w, r, p.Session) {
				if a.CSRFFailed != nil && wantsHTMLPage(r) {
					a.CSRFFailed.ServeHTTP(w, r.WithContext(withPrincipal(ctx, p)))
					return
				}
				WriteError(w, http.StatusForbidden, "csrf", "missing or wrong CSRF token: send the "+CSRFHeader+" header (or the "+CSRFField+" form field) from your session")
				return
			}
			ctx = withPrincipal(ctx, p)
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

// wantsHTMLPage tells a browser's page request (Accept: text/html) from
// the API and Open311 clients, which always get JSON.
func wantsHTMLPage(r *http.Request) bool {
	p := r.URL.Path
	return strings.Contains(r.Header.Get("Accept"), "text/html") &&
		!strings.HasPrefix(p, "/api/") && !strings.HasPrefix(p, "/open311/")
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// MaxFormBody bounds a form read here for its CSRF field: nine 10 MiB
// photos and the fields. A larger body fails the check instead of filling
// the disk.
const MaxFormBody = 100 << 20

func csrfOK(w http.ResponseWriter, r *http.Request, s *auth.Session) bool {
	token := r.Header.Get(CSRFHeader)
	if token == "" {
		ct := r.Header.Get("Content-Type")
		if strings.HasPrefix(ct, "application/x-www-form-urlencoded") || strings.HasPrefix(ct, "multipart/form-data") {
			r.Body = http.MaxBytesReader(w, r.Body, MaxFormBody)
			token = r.FormValue(CSRFField)
		}
	}
	return token != "" && auth.CheckCSRF(*s, token)
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:]), true
	}
	return "", false
}

// SetSessionCookie hands the browser its session: HttpOnly so scripts
// cannot read it, SameSite=Lax against cross-site posts, Secure under TLS.
func SetSessionCookie(w http.ResponseWriter, r *http.Request, s auth.Session) {
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: s.Token, Path: "/",
		Expires: s.ExpiresAt, HttpOnly: true, Secure: isTLS(r), SameSite: http.SameSiteLaxMode,
	})
}

func ClearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: isTLS(r), SameSite: http.SameSiteLaxMode,
	})
}
