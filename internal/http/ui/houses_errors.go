package ui

import (
	"errors"
	"net/http"

	"civicgrid/internal/address"
	"civicgrid/internal/errs"
	"civicgrid/internal/grid"
	"civicgrid/internal/people"
)

// structureErr is the status and message key of a refused change to a
// community's structure (小区, buildings, units, posts, rooms, houses,
// owners, households): the named refusals first, then by kind. The
// message is in the page's language (a people field error brings its own).
func structureErr(err error, lang Lang) (int, string) {
	status, key := structureKey(err)
	var fe *people.FieldError
	if errors.As(err, &fe) {
		if lang == LangEN {
			return http.StatusBadRequest, fe.En()
		}
		return http.StatusBadRequest, fe.Zh()
	}
	if key == "" {
		return status, ""
	}
	return status, lang.T(key)
}

func structureKey(err error) (int, string) {
	for _, c := range []struct {
		err error
		key string
	}{
		{address.ErrArea, "houses.err.area"},
		{address.ErrTenancy, "houses.err.tenancy"},
		{address.ErrNoBuilding, "houses.err.nobuilding"},
		{address.ErrNoGrid, "houses.err.nogrid"},
		{address.ErrNoRoad, "houses.err.noroad"},
		{grid.ErrInUse, "houses.err.inuse"},
		{grid.ErrUserNotFound, "staff.err.nouser"},
		{grid.ErrHeadExists, "staff.err.headexists"},
		{grid.ErrRoleTaken, "houses.err.roletaken"},
		{grid.ErrAlreadyMember, "staff.err.already"},
	} {
		if errors.Is(err, c.err) {
			return http.StatusBadRequest, c.key
		}
	}
	switch errs.KindOf(err) {
	case errs.Invalid:
		return http.StatusBadRequest, "houses.err.invalid"
	case errs.Conflict:
		return http.StatusConflict, "houses.err.conflict"
	case errs.Stale:
		return http.StatusConflict, "error.stale"
	case errs.Forbidden:
		return http.StatusForbidden, "error.forbidden"
	case errs.NotFound:
		return http.StatusNotFound, "error.notfound"
	}
	return http.StatusInternalServerError, ""
}
