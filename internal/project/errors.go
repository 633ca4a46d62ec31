package project

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for what lies outside the caller's scope
// or is not published, so neither leaks existence.
var (
	ErrNotFound  = errs.New(errs.NotFound, "project: not found")
	ErrInvalid   = errs.New(errs.Invalid, "project: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "project: conflict")
	ErrForbidden = errs.New(errs.Forbidden, "project: not allowed")
	ErrStale     = errs.New(errs.Stale, "project: changed since read")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
}
