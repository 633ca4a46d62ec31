package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
)

// userEdit is POST /admin/users/{id}: the display name, the role, the
// placement (org node or department) and whether the account is enabled,
// at the version the form was drawn with. auth.UpdateUserIn checks that
// the user and the new placement lie in the admin's scope; disabling
// ends the user's sessions and tokens.
func (u *UI) userEdit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	usr, ok := u.scopedUserByID(w, r, p)
	if !ok {
		return
	}
	lang := langOf(w, r)
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		u.userPageWith(w, r, p, usr, http.StatusBadRequest, lang.T("user.edit.stale"))
		return
	}
	display := strings.TrimSpace(r.PostFormValue("display_name"))
	disabled := r.PostFormValue("disabled") == "1"
	in := auth.UserUpdate{DisplayName: display, Role: usr.Role, NodeCode: usr.NodeCode, DepartmentCode: usr.DepartmentCode,
		Disabled: disabled}
	if _, ok := r.PostForm["role"]; ok { // the form that moves people (not every caller sends it)
		in.Role, in.NodeCode, in.DepartmentCode = r.PostFormValue("role"), r.PostFormValue("node_code"), r.PostFormValue("department_code")
	}
	_, err = auth.UpdateUserIn(r.Context(), u.o.DB, p.User, p.Scope, usr.ID, in, version, actorOf(r, p))
	var verr *auth.ValidationError
	switch {
	case errors.Is(err, auth.ErrNotFound):
		u.notFound(w, r)
	case errors.As(err, &verr) && verr.Reason == auth.ReasonSelfDisable:
		u.userPageWith(w, r, p, usr, http.StatusBadRequest, lang.T("user.edit.self"))
	case errors.As(err, &verr) && verr.Reason == auth.ReasonSelf:
		u.userPageWith(w, r, p, usr, http.StatusBadRequest, lang.T("user.edit.self.move"))
	case errors.As(err, &verr) && verr.Reason == auth.ReasonOutside:
		u.userPageWith(w, r, p, usr, http.StatusBadRequest, lang.T("users.outside"))
	case errors.Is(err, auth.ErrStaleVersion):
		u.userPageWith(w, r, p, usr, http.StatusConflict, lang.T("user.edit.stale"))
	case errors.As(err, &verr):
		u.userPageWith(w, r, p, usr, http.StatusBadRequest, fieldError(lang, "users.err.", verr.Field, verr.Message))
	case err != nil:
		u.fail(w, r, p, err)
	default:
		http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(usr.ID, 10)+"?saved=1", http.StatusSeeOther)
	}
}

// userPassword is POST /admin/users/{id}/password: a new password typed
// twice, under the password policy; it ends the user's sessions and
// tokens (auth.SetPassword).
func (u *UI) userPassword(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	usr, ok := u.scopedUserByID(w, r, p)
	if !ok {
		return
	}
	lang := langOf(w, r)
	pw := r.PostFormValue("password")
	if pw != r.PostFormValue("password2") {
		u.userPageWith(w, r, p, usr, http.StatusBadRequest, lang.T("user.password.mismatch"))
		return
	}
	err := auth.SetPassword(r.Context(), u.o.DB, usr.Username, pw, actorOf(r, p))
	var verr *auth.ValidationError
	switch {
	case errors.As(err, &verr) && verr.Reason == "too_short":
		u.userPageWith(w, r, p, usr, http.StatusBadRequest, lang.Tf("users.err.password.too_short", auth.MinPasswordLen))
	case errors.As(err, &verr):
		u.userPageWith(w, r, p, usr, http.StatusBadRequest, lang.T("users.err.password."+verr.Reason))
	case err != nil:
		u.fail(w, r, p, err)
	default:
		http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(usr.ID, 10)+"?password=1", http.StatusSeeOther)
	}
}
