package errs_test

import (
	"fmt"
	"testing"
	"time"

	"civicgrid/internal/errs"
)

type lockErr struct{ until time.Time }

func (e lockErr) Error() string        { return "locked" }
func (e lockErr) RetryAt() time.Time   { return e.until }
func (e lockErr) ErrorKind() errs.Kind { return errs.TooMany }

func TestRetryAtReadsThroughWrapping(t *testing.T) {
	until := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	got, ok := errs.RetryAt(fmt.Errorf("track: %w", lockErr{until}))
	if !ok || !got.Equal(until) {
		t.Fatalf("RetryAt = %v, %v; want %v, true", got, ok, until)
	}
	if _, ok := errs.RetryAt(errs.New(errs.TooMany, "plain")); ok {
		t.Fatal("an error without a time says when to retry")
	}
}
