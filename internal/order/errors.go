package order

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Sentinel errors, for errors.Is. Suggested HTTP mapping in brackets.
var (
	ErrInvalid             = errs.New(errs.Invalid, "order: invalid input")                                        // 400; the error is a *ValidationError
	ErrUnknownCategory     = errs.New(errs.Invalid, "order: unknown category")                                     // 400
	ErrInactiveCategory    = errs.New(errs.Invalid, "order: category is not in use")                               // 400
	ErrPointOutOfRange     = errs.New(errs.Invalid, "order: coordinates out of range")                             // 400
	ErrOutsideGrids        = errs.New(errs.Invalid, "order: the point lies outside every grid")                    // 400 (422)
	ErrUnknownLocation     = errs.New(errs.Invalid, "order: unknown grid or community")                            // 400
	ErrPhotoType           = errs.New(errs.Unsupported, "order: photo is not JPEG, PNG or WebP")                   // 415
	ErrPhotoTooLarge       = errs.New(errs.TooLarge, "order: photo too large")                                     // 413
	ErrNotFound            = errs.New(errs.NotFound, "order: not found")                                           // 404, also outside the actor's scope
	ErrForbidden           = errs.New(errs.Forbidden, "order: not allowed for this role")                          // 403; the error is a *TransitionError
	ErrIllegalTransition   = errs.New(errs.Conflict, "order: illegal transition")                                  // 409; the error is a *TransitionError
	ErrStaleVersion        = errs.New(errs.Stale, "order: stale version: the order was changed; reload and retry") // 409
	ErrIdempotencyConflict = errs.New(errs.Conflict, "order: idempotency key reused with a different request")     // 409 (422)
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

// ErrorKind is the kind of the precise sentinel when there is one (a photo
// too large is TooLarge), else Invalid.
func (e *ValidationError) ErrorKind() errs.Kind {
	if e.kind != nil {
		return errs.KindOf(e.kind)
	}
	return errs.Invalid
}

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

// ErrorKind: a role or position refused is Forbidden, a status refused a
// Conflict.
func (e *TransitionError) ErrorKind() errs.Kind {
	if e.forbidden {
		return errs.Forbidden
	}
	return errs.Conflict
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
