package property

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for what lies outside the caller's scope.
var (
	ErrNotFound  = errs.New(errs.NotFound, "property: not found")
	ErrInvalid   = errs.New(errs.Invalid, "property: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "property: conflict")
	ErrForbidden = errs.New(errs.Forbidden, "property: your role may not do this")
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

func conflict(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConflict, fmt.Sprintf(format, args...))
}
