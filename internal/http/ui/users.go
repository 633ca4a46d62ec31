package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
)

// usersPerPage is one screen of the user list.
const usersPerPage = 50

type userRow struct {
	ID                                 int64
	Username, DisplayName, Role, Place string
	Disabled                           bool
}

// userForm is the add-user form as typed, with its errors by field. The
// password is never sent back.
type userForm struct {
	Username, DisplayName, Role, Node, Department string
	Errors                                        map[string]string
	Error                                         string // not about one field
}

type usersData struct {
	Users       []userRow
	Page        int
	Prev, Next  bool
	Created     string
	Form        userForm
	Roles       []option
	Regions     []option
	Departments []option
	MinPassword int
}

// users is /admin/users: the users in the admin's scope and a form to add
// one.
func (u *UI) users(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderUsers(w, r, p, http.StatusOK, userForm{Node: scopeRoot(p)}, r.URL.Query().Get("created"))
}

func (u *UI) renderUsers(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, form userForm, created string) {
	ctx := r.Context()
	pg := u.newPage(w, r, p, "users.title")
	pl, err := u.loadPlaces(ctx, p.Scope, scopeRoot(p))
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	list, err := auth.ListUsers(ctx, u.o.DB, p.Scope, usersPerPage+1, (page-1)*usersPerPage)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d := usersData{Page: page, Prev: page > 1, Next: len(list) > usersPerPage, Created: created, Form: form,
		MinPassword: auth.MinPasswordLen}
	if d.Next {
		list = list[:usersPerPage]
	}
	for _, usr := range list {
		row := userRow{ID: usr.ID, Username: usr.Username, DisplayName: usr.DisplayName,
			Role: pg.T("role." + usr.Role), Disabled: usr.Disabled}
		if usr.NodeCode != "" {
			row.Place = pl.regionName(usr.NodeCode)
		} else if n, ok := pl.DeptNames[usr.DepartmentCode]; ok {
			row.Place = n
		} else {
			row.Place = usr.DepartmentCode
		}
		d.Users = append(d.Users, row)
	}
	roleOpts := []option{{Value: "", Label: pg.T("form.choose")}}
	for _, role := range auth.Roles() {
		roleOpts = append(roleOpts, option{Value: role, Label: pg.T("role." + role)})
	}
	d.Roles = selectOptions(roleOpts, form.Role)
	d.Regions = selectOptions(append([]option{{Value: "", Label: pg.T("form.none")}}, pl.Regions...), form.Node)
	d.Departments = selectOptions(append([]option{{Value: "", Label: pg.T("form.none")}}, pl.Departments...), form.Department)
	pg.D = d
	u.render(w, r, status, "users", pg)
}

// addUser creates a user in the admin's scope. On a problem the form comes
// back with what was typed and the problem next to its field.
func (u *UI) addUser(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	form := userForm{
		Username:    strings.TrimSpace(r.PostFormValue("username")),
		DisplayName: strings.TrimSpace(r.PostFormValue("display_name")),
		Role:        r.PostFormValue("role"),
		Node:        r.PostFormValue("node_code"),
		Department:  r.PostFormValue("department_code"),
		Errors:      map[string]string{},
	}
	lang := langOf(w, r)
	again := func(field, msg string) {
		form.Errors[field] = msg
		u.renderUsers(w, r, p, http.StatusBadRequest, form, "")
	}
	// auth.CreateUserIn refuses a placement outside the admin's scope.
	usr, err := auth.CreateUserIn(r.Context(), u.o.DB, p.User, p.Scope, auth.NewUser{Username: form.Username,
		DisplayName: form.DisplayName, Role: form.Role, NodeCode: form.Node, DepartmentCode: form.Department,
		Password: r.PostFormValue("password")}, auth.ActorOf(p.User, httpx.ClientIP(r)))
	var verr *auth.ValidationError
	switch {
	case err == nil:
	case errors.As(err, &verr) && verr.Reason == auth.ReasonOutside:
		again(verr.Field, lang.T("users.outside"))
		return
	case errors.As(err, &verr) && verr.Reason == auth.PasswordTooShort:
		again(verr.Field, lang.Tf("users.err.password.too_short", auth.MinPasswordLen))
		return
	case errors.As(err, &verr) && verr.Reason != "":
		again(verr.Field, lang.T("users.err.password."+verr.Reason))
		return
	case errors.As(err, &verr):
		again(verr.Field, fieldError(lang, "users.err.", verr.Field, verr.Message))
		return
	case errors.Is(err, auth.ErrConflict):
		again("username", lang.T("users.taken"))
		return
	default:
		u.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/admin/users?created="+url.QueryEscape(usr.Username), http.StatusSeeOther)
}
