// Package auth owns users, passwords, sessions, API tokens, sign-in lockout
// and the scope rule every read and write goes through. It knows nothing of
// HTTP: the web layer turns a cookie or bearer token into a User and a Scope
// with SessionUser / TokenUser and ScopeForUser.
package auth

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors, for errors.Is; an HTTP layer maps them to status codes.
var (
	ErrInvalid        = errors.New("auth: invalid input")            // 400; the error is a *ValidationError
	ErrNotFound       = errors.New("auth: not found")                // 404
	ErrConflict       = errors.New("auth: conflict")                 // 409, e.g. username taken
	ErrStaleVersion   = errors.New("auth: stale version")            // 409, edited by someone else
	ErrBadCredentials = errors.New("auth: bad credentials")          // 401, deliberately vague
	ErrLockedOut      = errors.New("auth: too many failed sign-ins") // 429; the error is a *LockedOutError
	ErrSessionExpired = errors.New("auth: session expired")          // 401, sign in again
	ErrWeakPassword   = errors.New("auth: password too weak")        // 400; also matches ErrInvalid
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

func (e *LockedOutError) Is(target error) bool { return target == ErrLockedOut }
