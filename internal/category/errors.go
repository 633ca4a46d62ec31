package category

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Sentinel errors, for an HTTP layer to map: ErrInvalid to 400, ErrNotFound
// to 404, ErrConflict and ErrStaleVersion to 409.
var (
	ErrInvalid      = errs.New(errs.Invalid, "category: invalid input")
	ErrNotFound     = errs.New(errs.NotFound, "category: not found")
	ErrConflict     = errs.New(errs.Conflict, "category: code already exists")
	ErrStaleVersion = errs.New(errs.Stale, "category: stale version: the category was changed by someone else; reload and retry")
)

// ValidationError says which input is wrong and why; it matches ErrInvalid.
type ValidationError struct {
	Field string
	Msg   string
}

func (e *ValidationError) Error() string { return "category: invalid " + e.Field + ": " + e.Msg }

func (e *ValidationError) ErrorKind() errs.Kind { return errs.Invalid }

func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

func notFound(code string) error { return fmt.Errorf("category %q: %w", code, ErrNotFound) }
