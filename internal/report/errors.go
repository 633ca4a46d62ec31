package report

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Sentinel errors, for errors.Is. Suggested HTTP mapping in brackets.
var (
	ErrInvalid   = errs.New(errs.Invalid, "report: invalid query")                 // 400; the error is a *ValidationError
	ErrNotFound  = errs.New(errs.NotFound, "report: no such node")                 // 404, also a node outside the viewer's scope
	ErrForbidden = errs.New(errs.Forbidden, "report: not allowed for this viewer") // 403
	ErrBusy      = errs.New(errs.Conflict, "report: the rollup is being rebuilt")  // 409 (503); retry later
)

// ValidationError says which query parameter is wrong and why; it matches
// ErrInvalid.
type ValidationError struct {
	Field string
	Msg   string
}

func (e *ValidationError) Error() string { return "report: " + e.Field + ": " + e.Msg }

func (e *ValidationError) ErrorKind() errs.Kind { return errs.Invalid }

func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
}

func forbidden(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrForbidden, fmt.Sprintf(format, args...))
}
