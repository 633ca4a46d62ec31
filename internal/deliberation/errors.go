package deliberation

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Errors. NotFound also answers for what lies outside the caller's scope.
var (
	ErrNotFound  = errs.New(errs.NotFound, "deliberation: not found")
	ErrInvalid   = errs.New(errs.Invalid, "deliberation: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "deliberation: conflict")
	ErrStale     = errs.New(errs.Stale, "deliberation: changed since read")
	ErrForbidden = errs.New(errs.Forbidden, "deliberation: your role may not do this")
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

func stale(what string, id int64) error {
	return fmt.Errorf("%w: %s %d was changed by someone else; reload it — 内容已被他人修改，请刷新后再试", ErrStale, what, id)
}
