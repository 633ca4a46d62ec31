package care

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for what lies outside the caller's scope,
// so scope never leaks existence.
var (
	ErrNotFound  = errs.New(errs.NotFound, "care: not found")
	ErrInvalid   = errs.New(errs.Invalid, "care: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "care: conflict")
	ErrForbidden = errs.New(errs.Forbidden, "care: your role may not do this")
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
