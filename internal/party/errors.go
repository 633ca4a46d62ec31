package party

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for what lies outside the caller's scope.
var (
	ErrNotFound  = errs.New(errs.NotFound, "party: not found")
	ErrInvalid   = errs.New(errs.Invalid, "party: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "party: conflict")
	ErrForbidden = errs.New(errs.Forbidden, "party: your role may not do this")
	// ErrClaimed is a second claim of the same task by the same member.
	ErrClaimed = errs.New(errs.Conflict, "party: task claimed already")
	// ErrFull is a claim of a task whose places are all taken.
	ErrFull = errs.New(errs.Conflict, "party: task full")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func notFound(what string, id any) error { return fmt.Errorf("%w: %s %v", ErrNotFound, what, id) }

func forbidden(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrForbidden, fmt.Sprintf(format, args...))
}

func conflict(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConflict, fmt.Sprintf(format, args...))
}
