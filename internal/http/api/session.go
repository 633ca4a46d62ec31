package api

import (
	"net/http"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
)

type signInRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type userJSON struct {
	ID             int64  `json:"id"`
	Username       string `json:"username"`
	DisplayName    string `json:"display_name"`
	Role           string `json:"role"`
	NodeCode       string `json:"node_code,omitempty"`
	DepartmentCode string `json:"department_code,omitempty"`
	Disabled       bool   `json:"disabled"`
	Version        int    `json:"version"`
}

func toUserJSON(u auth.User) userJSON {
	return userJSON{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: u.Role,
		NodeCode: u.NodeCode, DepartmentCode: u.DepartmentCode, Disabled: u.Disabled, Version: u.Version}
}

// signIn checks the password, opens a session and sets its cookie. The
// CSRF token in the reply goes into the X-CSRF-Token header of later writes.
func (a *API) signIn(w http.ResponseWriter, r *http.Request) {
	if httpx.SameOrigin(r) != nil {
		httpx.WriteError(w, http.StatusForbidden, "csrf", "a sign-in sent from another website is refused — 拒绝来自其他网站的登录请求")
		return
	}
	if ok, wait := a.Throttle.SignIn(r); !ok {
		httpx.WriteTooMany(w, wait, "sign-in attempts")
		return
	}
	var in signInRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	if in.Username == "" || in.Password == "" {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "username and password are required")
		return
	}
	sess, u, err := a.Policy.SignIn(r.Context(), a.DB, in.Username, in.Password, httpx.ClientIP(r), a.now())
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.SetSessionCookie(w, r, sess)
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"user": toUserJSON(u), "csrf_token": sess.CSRFToken, "expires_at": sess.ExpiresAt,
	})
}

func (a *API) signOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(httpx.SessionCookie); err == nil && c.Value != "" {
		if err := auth.SignOut(r.Context(), a.DB, c.Value); err != nil {
			fail(w, r, err)
			return
		}
	}
	httpx.ClearSessionCookie(w, r)
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) me(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	out := map[string]any{"user": toUserJSON(p.User), "scope": p.Scope.RegionPrefix()}
	if p.Session != nil {
		out["csrf_token"] = p.Session.CSRFToken
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}
