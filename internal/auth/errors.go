// Package auth owns users, passwords, sessions, API tokens, sign-in lockout
// and the scope rule every read and write goes through. It knows nothing of
// HTTP: the web layer turns a cookie or bearer token into a User and a Scope
// with SessionUser / TokenUser and ScopeForUser.
package auth

import (
	"fmt"
	"time"

	"civicgrid/internal/errs"
)

// Sentinel errors, for errors.Is; an HTTP layer maps them to status codes.
var (
	ErrInvalid        = errs.New(errs.Invalid, "auth: invalid input")            // 400; the error is a *ValidationError
	ErrNotFound       = errs.New(errs.NotFound, "auth: not found")               // 404
	ErrConflict       = errs.New(errs.Conflict, "auth: conflict")                // 409, e.g. username taken
	ErrStaleVersion   = errs.New(errs.Stale, "auth: stale version")              // 409, edited by someone else
	ErrBadCredentials = errs.New(errs.Unauthenticated, "auth: bad credentials")  // 401, deliberately vague
	ErrLockedOut      = errs.New(errs.TooMany, "auth: too many failed sign-ins") // 429; the error is a *LockedOutError
	ErrSessionExpired = errs.New(errs.Unauthenticated, "auth: session expired")  // 401, sign in again
	ErrWeakPassword   = errs.New(errs.Invalid, "auth: password too weak")        // 400; also matches ErrInvalid
	ErrForbidden      = errs.New(errs.Forbidden, "auth: not allowed for this role")
)

// ValidationError says which input field is wrong and why.
type ValidationError struct {
	Field   string
	Message string
	// Reason names the rule a refused password broke (PasswordCommon …);
	// "" for other fields.
	Reason string
	weak   bool
}

func (e *ValidationError) Error() string { return "auth: " + e.Field + ": " + e.Message }

func (e *ValidationError) ErrorKind() errs.Kind { return errs.Invalid }

// Is makes every ValidationError match ErrInvalid, and password policy
// failures also ErrWeakPassword.
func (e *ValidationError) Is(target error) bool {
	return target == ErrInvalid || (e.weak && target == ErrWeakPassword)
}

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// LockedOutError is returned by SignIn while tries from the client's
// address for that username (or for any) must wait.
type LockedOutError struct {
	Until time.Time
}

func (e *LockedOutError) Error() string {
	return "auth: too many failed sign-ins; tries resume at " + e.Until.UTC().Format(time.RFC3339)
}

func (e *LockedOutError) ErrorKind() errs.Kind { return errs.TooMany }

// RetryAt is when tries resume (errs.RetryAt).
func (e *LockedOutError) RetryAt() time.Time { return e.Until }

func (e *LockedOutError) Is(target error) bool { return target == ErrLockedOut }
