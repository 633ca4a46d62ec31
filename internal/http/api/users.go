package api

import (
	"net/http"
	"strconv"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
)

func (a *API) listUsers(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	limit, offset, err := paging(r, auth.DefaultListLimit, auth.MaxListLimit)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	users, err := auth.ListUsers(r.Context(), a.DB, p.Scope, limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]userJSON, 0, len(users))
	for _, u := range users {
		out = append(out, toUserJSON(u))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"users": out, "limit": limit, "offset": offset})
}

// scopedUser loads the user named in the path, or answers 404 when it does
// not exist or lies outside the caller's scope.
func (a *API) scopedUser(w http.ResponseWriter, r *http.Request, p *httpx.Principal) (auth.User, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		notFound(w, "user")
		return auth.User{}, false
	}
	u, err := auth.GetUser(r.Context(), a.DB, id)
	if err != nil || !p.Scope.CoversUser(u) {
		notFound(w, "user")
		return auth.User{}, false
	}
	return u, true
}

func (a *API) getUser(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	if u, ok := a.scopedUser(w, r, p); ok {
		httpx.WriteJSON(w, http.StatusOK, toUserJSON(u))
	}
}

type createUserRequest struct {
	Username       string `json:"username"`
	DisplayName    string `json:"display_name"`
	Role           string `json:"role"`
	NodeCode       string `json:"node_code"`
	DepartmentCode string `json:"department_code"`
	Password       string `json:"password"`
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var in createUserRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	// auth.CreateUserIn refuses a placement outside the admin's scope.
	u, err := auth.CreateUserIn(r.Context(), a.DB, p.User, p.Scope, auth.NewUser{Username: in.Username,
		DisplayName: in.DisplayName, Role: in.Role, NodeCode: in.NodeCode, DepartmentCode: in.DepartmentCode,
		Password: in.Password}, actorOf(r, p))
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, toUserJSON(u))
}

type updateUserRequest struct {
	DisplayName    *string `json:"display_name"`
	Role           *string `json:"role"`
	NodeCode       *string `json:"node_code"`
	DepartmentCode *string `json:"department_code"`
	Disabled       *bool   `json:"disabled"`
	Version        int     `json:"version"`
}

// updateUser applies the given fields; version must match the stored one
// (optimistic locking), else 409 and nothing changes.
func (a *API) updateUser(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	cur, ok := a.scopedUser(w, r, p)
	if !ok {
		return
	}
	var in updateUserRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	if in.Version == 0 {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "version is required (the version you read)")
		return
	}
	up := auth.UserUpdate{DisplayName: cur.DisplayName, Role: cur.Role, NodeCode: cur.NodeCode,
		DepartmentCode: cur.DepartmentCode, Disabled: cur.Disabled}
	if in.DisplayName != nil {
		up.DisplayName = *in.DisplayName
	}
	if in.Role != nil {
		up.Role = *in.Role
	}
	if in.NodeCode != nil {
		up.NodeCode, up.DepartmentCode = *in.NodeCode, ""
	}
	if in.DepartmentCode != nil {
		up.DepartmentCode, up.NodeCode = *in.DepartmentCode, ""
	}
	if in.Disabled != nil {
		up.Disabled = *in.Disabled
	}
	// auth.UpdateUserIn checks the user and a new placement lie in the
	// admin's scope, as the pages do.
	u, err := auth.UpdateUserIn(r.Context(), a.DB, p.User, p.Scope, cur.ID, up, in.Version, actorOf(r, p))
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toUserJSON(u))
}
