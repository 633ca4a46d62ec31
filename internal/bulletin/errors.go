package bulletin

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for a node or recipient outside the
// caller's scope.
var (
	ErrNotFound  = errs.New(errs.NotFound, "bulletin: not found")
	ErrInvalid   = errs.New(errs.Invalid, "bulletin: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "bulletin: conflict")
	ErrForbidden = errs.New(errs.Forbidden, "bulletin: not allowed")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
}

func forbidden(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrForbidden, fmt.Sprintf(format, args...))
}
