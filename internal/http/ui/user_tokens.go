package ui

import (
	"errors"
	"net/http"
	"strconv"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
)

// userTokensData is /admin/users/{id}: one user and their API tokens.
type userTokensData struct {
	ID                                 int64
	Username, DisplayName, Role, Place string
	Disabled                           bool
	Tokens                             []tokenRow
	Revoked                            string // the id just revoked, for the notice
	Version                            int
	Error                              string // a refused edit or password reset
	Saved, PasswordSet                 bool
	// The placement form: role, org node or department, in the admin's scope.
	Roles, Regions, Departments []option
}

type tokenRow struct {
	ID                               int64
	Name, Created, LastUsed, Expires string
	State                            string // valid, expired, revoked
	StateLabel                       string
	Valid                            bool
}

// scopedUserByID reads the user in the path if the admin's scope covers
// them; ok is false (and the 404 page written) otherwise.
func (u *UI) scopedUserByID(w http.ResponseWriter, r *http.Request, p *httpx.Principal) (auth.User, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return auth.User{}, false
	}
	usr, err := auth.GetUser(r.Context(), u.o.DB, id)
	if err == nil && auth.MayManageTokens(p.User, p.Scope, usr) {
		return usr, true
	}
	if err != nil && !errors.Is(err, auth.ErrNotFound) {
		u.fail(w, r, p, err)
		return auth.User{}, false
	}
	u.notFound(w, r)
	return auth.User{}, false
}

// userPage shows a user in the admin's scope with their API tokens, each
// still valid one with a button that revokes it.
func (u *UI) userPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	usr, ok := u.scopedUserByID(w, r, p)
	if !ok {
		return
	}
	u.userPageWith(w, r, p, usr, http.StatusOK, "")
}

// userPageWith draws a user's page with status and, when a change was
// refused, why.
func (u *UI) userPageWith(w http.ResponseWriter, r *http.Request, p *httpx.Principal, usr auth.User, status int, problem string) {
	list, err := auth.ListTokens(r.Context(), u.o.DB, usr.ID)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "user.title")
	d := userTokensData{ID: usr.ID, Username: usr.Username, DisplayName: usr.DisplayName,
		Role: pg.T("role." + usr.Role), Disabled: usr.Disabled, Place: u.viewUser(r, usr, pg.Lang).Place,
		Revoked: r.URL.Query().Get("revoked"), Version: usr.Version, Error: problem,
		Saved: r.URL.Query().Get("saved") == "1", PasswordSet: r.URL.Query().Get("password") == "1"}
	pl, err := u.loadPlaces(r.Context(), p.Scope, scopeRoot(p))
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	var roleOpts []option
	for _, role := range auth.Roles() {
		roleOpts = append(roleOpts, option{Value: role, Label: pg.T("role." + role)})
	}
	d.Roles = selectOptions(roleOpts, usr.Role)
	d.Regions = selectOptions(append([]option{{Value: "", Label: pg.T("form.none")}}, pl.Regions...), usr.NodeCode)
	d.Departments = selectOptions(append([]option{{Value: "", Label: pg.T("form.none")}}, pl.Departments...), usr.DepartmentCode)
	now := u.now()
	for _, t := range list {
		row := tokenRow{ID: t.ID, Name: t.Name, Created: portalTime(t.CreatedAt), LastUsed: portalTime(t.LastUsedAt),
			Expires: portalTime(t.ExpiresAt), Valid: t.Valid(now), State: "valid"}
		switch {
		case !t.RevokedAt.IsZero():
			row.State = "revoked"
		case !row.Valid:
			row.State = "expired"
		}
		row.StateLabel = pg.T("user.token." + row.State)
		d.Tokens = append(d.Tokens, row)
	}
	pg.D = d
	u.render(w, r, status, "user", pg)
}

// revokeUserToken is POST /admin/users/{id}/tokens/{token}/revoke. The
// domain checks again that the admin may, and a token of another user
// than the one in the path is not found.
func (u *UI) revokeUserToken(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	usr, ok := u.scopedUserByID(w, r, p)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("token"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	t, _, err := auth.TokenOwnerFor(r.Context(), u.o.DB, id, p.User, p.Scope)
	if err == nil && t.UserID != usr.ID {
		err = auth.ErrNotFound
	}
	if err == nil {
		err = auth.RevokeTokenBy(r.Context(), u.o.DB, id, p.User, p.Scope, httpx.ClientIP(r))
	}
	switch {
	case errors.Is(err, auth.ErrNotFound):
		u.notFound(w, r)
	case err != nil:
		u.fail(w, r, p, err)
	default:
		http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(usr.ID, 10)+"?revoked="+strconv.FormatInt(id, 10), http.StatusSeeOther)
	}
}
