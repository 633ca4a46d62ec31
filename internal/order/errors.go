package order

import (
	"errors"
	"fmt"
)

// Sentinel errors, for errors.Is. Suggested HTTP mapping in brackets.
var (
	ErrInvalid             = errors.New("order: invalid input")                                          // 400; the error is a *ValidationError
	ErrUnknownCategory     = errors.New("order: unknown category")                                       // 400
	ErrInactiveCategory    = errors.New("order: category is not in use")                                 // 400
	ErrPointOutOfRange     = errors.New("order: coordinates out of range")                               // 400
	ErrOutsideGrids        = errors.New("order: the point lies outside every grid")                      // 400 (422)
	ErrUnknownLocation     = errors.New("order: unknown grid or community")                              // 400
	ErrPhotoType           = errors.New("order: photo is not JPEG, PNG or WebP")                         // 415
	ErrPhotoTooLarge       = errors.New("order: photo too large")                                        // 413
	ErrNotFound            = errors.New("order: not found")                                              // 404, also outside the actor's scope
	ErrForbidden           = errors.New("order: not allowed for this role")                              // 403; the error is a *TransitionError
	ErrIllegalTransition   = errors.New("order: illegal transition")                                     // 409; the error is a *TransitionError
	ErrStaleVersion        = errors.New("order: stale version: the order was changed; reload and retry") // 409
	ErrIdempotencyConflict = errors.New("order: idempotency key reused with a different request")        // 409 (422)
)

// ValidationError says which input is wrong and why. It matches ErrInvalid
// and, when set, a more precise sentinel (ErrUnknownCategory …).
type ValidationError struct {
	Field string
	Msg   string
	kind  error
	cause error // the domain error behind it (an address search's candidates)
}

func (e *ValidationError) Error() string { return "order: " + e.Field + ": " + e.Msg }

// Unwrap gives the error behind this one, so a caller can reach, say, the
// address candidates with errors.As.
func (e *ValidationError) Unwrap() error { return e.cause }

func (e *ValidationError) Is(target error) bool {
	return target == ErrInvalid || (e.kind != nil && target == e.kind)
}

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

func invalidKind(kind error, field, format string, args ...any) error {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, args...), kind: kind}
}

// TransitionError explains why an action was refused on an order: the
// status does not allow it (ErrIllegalTransition) or the actor's role or
// position does not (ErrForbidden).
type TransitionError struct {
	Number    string
	Action    Action
	Status    Status
	Level     string
	Role      string
	Msg       string
	forbidden bool
}

func (e *TransitionError) Error() string {
	if e.Number == "" {
		return fmt.Sprintf("order: cannot %s: %s", e.Action, e.Msg)
	}
	return fmt.Sprintf("order %s: cannot %s: %s", e.Number, e.Action, e.Msg)
}

func (e *TransitionError) Is(target error) bool {
	if e.forbidden {
		return target == ErrForbidden
	}
	return target == ErrIllegalTransition
}

func notFound(number string) error { return fmt.Errorf("order %q: %w", number, ErrNotFound) }

func stale(number string, version, current int) error {
	return fmt.Errorf("order %s at version %d (now %d): %w", number, version, current, ErrStaleVersion)
}
