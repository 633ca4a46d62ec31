package orgunit

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for what lies outside the caller's scope,
// so scope never leaks existence.
var (
	ErrNotFound  = errs.New(errs.NotFound, "unit: not found")
	ErrInvalid   = errs.New(errs.Invalid, "unit: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "unit: conflict")
	ErrStale     = errs.New(errs.Stale, "unit: changed since read")
	ErrForbidden = errs.New(errs.Forbidden, "unit: your role may not do this")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
}
