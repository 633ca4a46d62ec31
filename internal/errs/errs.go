// Package errs names the few kinds of failure every domain package reports,
// so each HTTP layer maps a kind to a status in one place instead of
// listing every package's sentinels (docs/design.md §4 "Errors").
//
// A domain package declares its sentinels with New and wraps them as usual:
//
//	var ErrNotFound = errs.New(errs.NotFound, "order: not found")
//	return fmt.Errorf("order %q: %w", number, ErrNotFound)
//
// errors.Is(err, order.ErrNotFound) keeps working, and errs.KindOf(err)
// gives NotFound to whoever only needs the kind.
package errs

import (
	"errors"
	"strings"
)

// Kind is what went wrong, as a caller acts on it.
type Kind uint8

const (
	// Internal is anything unexpected: a bug or a store failure.
	Internal Kind = iota
	// Invalid: the input is wrong; nothing was changed.
	Invalid
	// NotFound: it does not exist or lies outside the actor's scope
	// (scope never leaks existence).
	NotFound
	// Conflict: a duplicate, or a step the record's state does not allow.
	Conflict
	// Stale: someone changed the record since the caller read it.
	Stale
	// Forbidden: the actor's role or position may not do this.
	Forbidden
	// TooMany: a rate limit or lockout; try later.
	TooMany
	// Unauthenticated: no or wrong credentials.
	Unauthenticated
	// TooLarge: an upload or body over its limit.
	TooLarge
	// Unsupported: a media type the system does not take.
	Unsupported
)

var kindNames = [...]string{"internal", "invalid", "not_found", "conflict", "stale_version",
	"forbidden", "too_many_requests", "unauthenticated", "too_large", "unsupported_media_type"}

// String is the kind's stable code, used as the JSON API's error code.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "internal"
}

// sentinel is a domain error of a known kind.
type sentinel struct {
	kind Kind
	msg  string
}

func (e *sentinel) Error() string { return e.msg }

// New declares a domain sentinel of the given kind.
func New(kind Kind, msg string) error { return &sentinel{kind: kind, msg: msg} }

// Kinded is implemented by typed domain errors (a validation error with its
// field, a transition error …) to say their kind.
type Kinded interface {
	error
	ErrorKind() Kind
}

func (e *sentinel) ErrorKind() Kind { return e.kind }

// KindOf reports the kind of the first kinded error in err's chain, or
// Internal when there is none (nil included: callers check err first).
func KindOf(err error) Kind {
	var k Kinded
	if errors.As(err, &k) {
		return k.ErrorKind()
	}
	return Internal
}

// Is reports whether err is of the given kind.
func Is(err error, kind Kind) bool { return err != nil && KindOf(err) == kind }

// Detail is err's message without the text of the domain sentinel it
// wraps ("people: invalid input: name: required" → "name: required"),
// for pages that show the domain's own words.
func Detail(err error) string {
	msg := err.Error()
	var s *sentinel
	if errors.As(err, &s) {
		if rest, ok := strings.CutPrefix(msg, s.msg+": "); ok {
			return rest
		}
	}
	return msg
}
