package consultation

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for what lies outside the caller's scope
// or is not published, so neither leaks existence.
var (
	ErrNotFound  = errs.New(errs.NotFound, "consultation: not found")
	ErrInvalid   = errs.New(errs.Invalid, "consultation: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "consultation: conflict")
	ErrForbidden = errs.New(errs.Forbidden, "consultation: not allowed")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
}

func conflict(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConflict, fmt.Sprintf(format, args...))
}
