package ui

import (
	"net/http"

	"civicgrid/internal/errs"
)

// errorPages is the one place the pages turn a kind of failure into a
// status and the error page's message key. Forms that can say more (a
// field, a stale version) handle those kinds first and leave the rest to
// fail.
var errorPages = map[errs.Kind]struct {
	status int
	key    string
}{
	errs.Invalid:         {http.StatusBadRequest, "error.invalid"},
	errs.NotFound:        {http.StatusNotFound, "error.notfound"},
	errs.Conflict:        {http.StatusConflict, "error.conflict"},
	errs.Stale:           {http.StatusConflict, "error.stale"},
	errs.Forbidden:       {http.StatusForbidden, "error.forbidden"},
	errs.TooMany:         {http.StatusTooManyRequests, "error.toomany"},
	errs.Unauthenticated: {http.StatusUnauthorized, "error.unauthenticated"},
	errs.TooLarge:        {http.StatusRequestEntityTooLarge, "error.toolarge"},
	errs.Unsupported:     {http.StatusUnsupportedMediaType, "error.unsupported"},
	errs.Internal:        {http.StatusInternalServerError, "error.internal"},
}

// errorPageOf is err's status and message key; an unknown kind is a 500.
func errorPageOf(err error) (status int, key string) {
	pg, ok := errorPages[errs.KindOf(err)]
	if !ok {
		pg = errorPages[errs.Internal]
	}
	return pg.status, pg.key
}

// isNotFound: a record that does not exist or lies outside the scope.
func isNotFound(err error) bool { return errs.Is(err, errs.NotFound) }
