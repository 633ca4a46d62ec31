package category

import (
	"errors"
	"fmt"
)

// Sentinel errors, for an HTTP layer to map: ErrInvalid to 400, ErrNotFound
// to 404, ErrConflict and ErrStaleVersion to 409.
var (
	ErrInvalid      = errors.New("category: invalid input")
	ErrNotFound     = errors.New("category: not found")
	ErrConflict     = errors.New("category: code already exists")
	ErrStaleVersion = errors.New("category: stale version: the category was changed by someone else; reload and retry")
)

// ValidationError says which input is wrong and why; it matches ErrInvalid.
type ValidationError struct {
	Field string
	Msg   string
}

func (e *ValidationError) Error() string { return "category: invalid " + e.Field + ": " + e.Msg }

func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

func notFound(code string) error { return fmt.Errorf("category %q: %w", code, ErrNotFound) }
