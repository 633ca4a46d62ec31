package wish

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for what lies outside the caller's scope
// and for wishes the public may not see.
var (
	ErrNotFound  = errs.New(errs.NotFound, "wish: not found")
	ErrInvalid   = errs.New(errs.Invalid, "wish: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "wish: conflict")
	ErrStale     = errs.New(errs.Stale, "wish: changed since read")
	ErrForbidden = errs.New(errs.Forbidden, "wish: your role may not do this")
	// ErrClaimed is a claim on a wish someone claimed first.
	ErrClaimed = errs.New(errs.Conflict, "wish: already claimed")
	// ErrPhoto is a fulfilment photo that is missing, too large or not an image.
	ErrPhoto = errs.New(errs.Invalid, "wish: photo")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func notFound(id int64) error { return fmt.Errorf("%w: wish %d", ErrNotFound, id) }

func forbidden(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrForbidden, fmt.Sprintf(format, args...))
}

func conflict(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConflict, fmt.Sprintf(format, args...))
}
