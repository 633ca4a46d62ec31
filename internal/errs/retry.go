package errs

import (
	"errors"
	"time"
)

// RetryAt is when a TooMany error (a lockout, a locked lookup) lets the
// caller try again, if the error says; every HTTP layer turns it into
// Retry-After the same way.
func RetryAt(err error) (time.Time, bool) {
	var w interface{ RetryAt() time.Time }
	if errors.As(err, &w) {
		return w.RetryAt(), true
	}
	return time.Time{}, false
}
