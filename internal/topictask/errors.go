package topictask

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for what lies outside the caller's scope.
var (
	ErrNotFound  = errs.New(errs.NotFound, "topic task: not found")
	ErrInvalid   = errs.New(errs.Invalid, "topic task: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "topic task: conflict")
	ErrForbidden = errs.New(errs.Forbidden, "topic task: your role may not do this")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func notFound(id int64) error { return fmt.Errorf("%w: task %d", ErrNotFound, id) }

func forbidden(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrForbidden, fmt.Sprintf(format, args...))
}

func conflict(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConflict, fmt.Sprintf(format, args...))
}
