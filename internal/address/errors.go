package address

import (
	"fmt"
	"strings"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for what lies outside the caller's scope,
// so scope never leaks existence.
var (
	ErrNotFound = errs.New(errs.NotFound, "address: not found")
	ErrInvalid  = errs.New(errs.Invalid, "address: invalid input")
	ErrConflict = errs.New(errs.Conflict, "address: conflict")
	ErrStale    = errs.New(errs.Stale, "address: changed since read")
	ErrNoMatch  = errs.New(errs.Invalid, "address: no standard address matches well enough")
)

// Refusals a form names in its own words; each also wraps ErrInvalid.
var (
	ErrArea       = errs.New(errs.Invalid, "address: area out of range")
	ErrTenancy    = errs.New(errs.Invalid, "address: tenancy of a house that is not rented, or bad lease dates")
	ErrNoBuilding = errs.New(errs.Invalid, "address: a house (户室) needs its building")
	ErrNoGrid     = errs.New(errs.Invalid, "address: an address must lie in a grid")
	ErrNoRoad     = errs.New(errs.Invalid, "address: the road and door number must be given")
)

// invalidAs is invalid with a named refusal.
func invalidAs(named error, format string, args ...any) error {
	return fmt.Errorf("%w: %w: %s", ErrInvalid, named, fmt.Sprintf(format, args...))
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
}

// NoMatchError says a typed address matched no standard address well
// enough, and names the closest ones so the caller can pick.
type NoMatchError struct {
	Query      string
	Candidates []Match
}

func (e *NoMatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "no standard address matches %q well enough — 未找到足够匹配的标准地址", e.Query)
	if len(e.Candidates) > 0 {
		b.WriteString("; closest: ")
		for i, c := range e.Candidates {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(c.Text)
		}
	}
	return b.String()
}

func (e *NoMatchError) Unwrap() error        { return ErrNoMatch }
func (e *NoMatchError) ErrorKind() errs.Kind { return errs.Invalid }
