package apikey

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Sentinel errors, for errors.Is. Suggested HTTP mapping in brackets.
var (
	ErrInvalid  = errs.New(errs.Invalid, "apikey: invalid input")                // 400; the error is a *ValidationError
	ErrNotFound = errs.New(errs.NotFound, "apikey: not found")                   // 404
	ErrConflict = errs.New(errs.Conflict, "apikey: name taken by a live key")    // 409
	ErrBadKey   = errs.New(errs.Forbidden, "apikey: unknown or revoked api key") // 403 in Open311
	ErrReceipt  = errs.New(errs.Conflict, "apikey: reference already recorded")  // the first result stands: Recall it
)

// ValidationError says which input is wrong and why; it matches ErrInvalid.
type ValidationError struct {
	Field string
	Msg   string
}

func (e *ValidationError) Error() string { return "apikey: " + e.Field + ": " + e.Msg }

func (e *ValidationError) ErrorKind() errs.Kind { return errs.Invalid }

func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, args...)}
}
