package supervision

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Sentinel errors, for errors.Is. Suggested HTTP mapping in brackets.
var (
	ErrInvalid      = errs.New(errs.Invalid, "supervision: invalid input")                                            // 400; a *ValidationError
	ErrNotFound     = errs.New(errs.NotFound, "supervision: not found")                                               // 404, also outside the actor's scope
	ErrForbidden    = errs.New(errs.Forbidden, "supervision: not allowed for this role")                              // 403
	ErrIllegalState = errs.New(errs.Conflict, "supervision: not allowed in the case's state")                         // 409
	ErrStaleVersion = errs.New(errs.Stale, "supervision: stale version: the case or order changed; reload and retry") // 409
)

// ValidationError says which input is wrong and why; it matches ErrInvalid.
type ValidationError struct {
	Field string
	Msg   string
}

func (e *ValidationError) Error() string { return "supervision: " + e.Field + ": " + e.Msg }

func (e *ValidationError) ErrorKind() errs.Kind { return errs.Invalid }

func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

func forbidden(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrForbidden, fmt.Sprintf(format, args...))
}

func illegal(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrIllegalState, fmt.Sprintf(format, args...))
}

func caseNotFound(id int64) error { return fmt.Errorf("supervision case %d: %w", id, ErrNotFound) }
