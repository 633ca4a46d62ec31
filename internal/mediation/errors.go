package mediation

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for what lies outside the caller's scope.
var (
	ErrNotFound  = errs.New(errs.NotFound, "mediation: not found")
	ErrInvalid   = errs.New(errs.Invalid, "mediation: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "mediation: conflict")
	ErrStale     = errs.New(errs.Stale, "mediation: changed since read")
	ErrForbidden = errs.New(errs.Forbidden, "mediation: your role may not do this")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func notFound(id int64) error { return fmt.Errorf("%w: case %d", ErrNotFound, id) }

func forbidden(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrForbidden, fmt.Sprintf(format, args...))
}

func conflict(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConflict, fmt.Sprintf(format, args...))
}
