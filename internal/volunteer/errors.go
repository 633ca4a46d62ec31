package volunteer

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for what lies outside the caller's scope.
var (
	ErrNotFound  = errs.New(errs.NotFound, "volunteer: not found")
	ErrInvalid   = errs.New(errs.Invalid, "volunteer: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "volunteer: conflict")
	ErrForbidden = errs.New(errs.Forbidden, "volunteer: your role may not do this")
	// ErrFull is a sign-up to an activity with no place left.
	ErrFull = errs.New(errs.Conflict, "volunteer: activity full")
	// ErrSignedUp is a second sign-up of one volunteer to one activity.
	ErrSignedUp = errs.New(errs.Conflict, "volunteer: already signed up")
	// ErrCheckIn is a check-in refused: outside the time window or the
	// place, an expired or forged code, not signed up.
	ErrCheckIn = errs.New(errs.Invalid, "volunteer: check-in refused")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func notFound(what string, id int64) error { return fmt.Errorf("%w: %s %d", ErrNotFound, what, id) }

func forbidden(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrForbidden, fmt.Sprintf(format, args...))
}

func conflict(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConflict, fmt.Sprintf(format, args...))
}

func refused(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCheckIn, fmt.Sprintf(format, args...))
}
