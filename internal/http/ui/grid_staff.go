package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/store"
)

// gridStaff is POST /admin/grids/{code}/members (username, role, duty):
// appoint a 网格长 or 网格员; and POST …/members/{user}/remove. The grid
// package checks role and scope; the page only names the outcome.
func (u *UI) gridStaff(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	code := r.PathValue("code")
	if !p.Scope.CoversRegion(code) || len(code) != 15 {
		u.notFound(w, r)
		return
	}
	ed := u.editor(r, p)
	ctx := r.Context()
	var err error
	msg := "staff.added"
	if userID := r.PathValue("user"); userID != "" {
		msg = "staff.removed"
		id, convErr := strconv.ParseInt(userID, 10, 64)
		if convErr != nil {
			u.notFound(w, r)
			return
		}
		err = u.o.DB.InTx(ctx, func(tx *store.Tx) error { return grid.Dismiss(ctx, tx, ed, code, id) })
	} else {
		role, duty := r.FormValue("role"), r.FormValue("duty")
		if (role != grid.RoleHead && role != grid.RoleWorker) || (duty != grid.DutyFull && duty != grid.DutyPart) {
			u.staffResult(w, r, p, code, "staff.err.invalidchoice", http.StatusBadRequest)
			return
		}
		target, lookupErr := auth.GetUserByUsername(ctx, u.o.DB, r.FormValue("username"))
		if lookupErr != nil {
			u.staffResult(w, r, p, code, "staff.err.nouser", http.StatusBadRequest)
			return
		}
		err = u.o.DB.InTx(ctx, func(tx *store.Tx) error { return grid.Appoint(ctx, tx, ed, code, target.ID, role, duty) })
	}
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/grids?under="+code[:12]+"&grid="+code+"&done="+url.QueryEscape(msg)+"#grid-panel", http.StatusSeeOther)
	case errors.Is(err, grid.ErrUserNotFound):
		u.staffResult(w, r, p, code, "staff.err.nouser", http.StatusBadRequest)
	case errors.Is(err, grid.ErrHeadExists):
		u.staffResult(w, r, p, code, "staff.err.headexists", http.StatusConflict)
	case errors.Is(err, grid.ErrAlreadyMember):
		u.staffResult(w, r, p, code, "staff.err.already", http.StatusConflict)
	case errors.Is(err, grid.ErrForbidden):
		u.staffResult(w, r, p, code, "staff.err.forbidden", http.StatusForbidden)
	case errors.Is(err, grid.ErrNotFound) && r.PathValue("user") != "":
		u.staffResult(w, r, p, code, "staff.err.notmember", http.StatusNotFound)
	case errors.Is(err, grid.ErrInvalid):
		u.staffResult(w, r, p, code, "staff.err.wronguser", http.StatusBadRequest)
	case errors.Is(err, grid.ErrNotFound):
		u.notFound(w, r)
	default:
		u.fail(w, r, p, err)
	}
}

// staffResult shows the map page with the grid's panel and a message.
func (u *UI) staffResult(w http.ResponseWriter, r *http.Request, p *httpx.Principal, code, msgKey string, status int) {
	d, ok := u.gridMapData(w, r, p, code[:12])
	if !ok {
		return
	}
	panel, ok := u.loadPanel(w, r, p, code)
	if !ok {
		return
	}
	panel.Error = msgKey
	d.Panel = panel
	u.renderGridMap(w, r, p, status, d)
}
