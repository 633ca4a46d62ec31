package classify

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Sentinel errors, for an HTTP layer to map.
var (
	ErrInvalid = errs.New(errs.Invalid, "classify: invalid input")
)

// MaxText is the longest text classified, in characters.
const MaxText = 5000

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}
