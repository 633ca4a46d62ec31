package exchange

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Errors. The HTTP layer answers Unauthenticated with 401, Conflict with
// 409, Invalid with 422 and NotFound with 404.
var (
	ErrUnsigned     = errs.New(errs.Unauthenticated, "exchange: unsigned message")
	ErrBadSignature = errs.New(errs.Unauthenticated, "exchange: bad signature")
	ErrStale        = errs.New(errs.Unauthenticated, "exchange: timestamp outside the allowed window")
	ErrReplayed     = errs.New(errs.Conflict, "exchange: nonce already used")
	ErrInvalid      = errs.New(errs.Invalid, "exchange: invalid")
	ErrNotFound     = errs.New(errs.NotFound, "exchange: not found")
	ErrConflict     = errs.New(errs.Conflict, "exchange: conflict")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
}

// PeerError is a peer's refusal of a message we sent: its HTTP status and
// the error it gave.
type PeerError struct {
	Status  int
	Code    string
	Message string
}

func (e *PeerError) Error() string {
	return fmt.Sprintf("exchange: peer answered %d %s: %s", e.Status, e.Code, e.Message)
}
