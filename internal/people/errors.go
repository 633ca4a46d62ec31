package people

import (
	"fmt"
	"strings"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for what lies outside the caller's scope,
// so scope never leaks existence.
var (
	ErrNotFound  = errs.New(errs.NotFound, "people: not found")
	ErrInvalid   = errs.New(errs.Invalid, "people: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "people: conflict")
	ErrStale     = errs.New(errs.Stale, "people: changed since read")
	ErrForbidden = errs.New(errs.Forbidden, "people: your role may not do this")
)

// FieldError is bad input in one named field (e.g. "id_number"); it says
// what is wrong in Chinese and English.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// Zh is the message in Chinese alone, En in English alone (messages are
// written "中文 (English)").
func (e *FieldError) Zh() string {
	if i := strings.LastIndex(e.Msg, " ("); i > 0 {
		return e.Msg[:i]
	}
	return e.Msg
}

// En: see Zh.
func (e *FieldError) En() string {
	if i := strings.LastIndex(e.Msg, " ("); i > 0 && strings.HasSuffix(e.Msg, ")") {
		return e.Msg[i+2 : len(e.Msg)-1]
	}
	return e.Msg
}
func (e *FieldError) Unwrap() error        { return ErrInvalid }
func (e *FieldError) ErrorKind() errs.Kind { return errs.Invalid }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
}

func forbidden(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrForbidden, fmt.Sprintf(format, args...))
}
