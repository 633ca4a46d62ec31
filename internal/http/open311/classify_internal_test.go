package open311

import (
	"errors"
	"fmt"
	"testing"

	"civicgrid/internal/apikey"
	"civicgrid/internal/errs"
	"civicgrid/internal/errs/errstest"
	"civicgrid/internal/order"
	"civicgrid/internal/report"
)

// TestClassifyMapsEachKind: every kind has the status the spec allows, and
// a domain permission error is 403, never the general service error.
func TestClassifyMapsEachKind(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err    error
		status int // 0: unexpected, answered as the general service error
	}{
		{errs.New(errs.Invalid, "x"), 400},
		{errs.New(errs.NotFound, "x"), 404},
		{errs.New(errs.Conflict, "x"), 400},
		{errs.New(errs.Stale, "x"), 400},
		{errs.New(errs.Forbidden, "x"), 403},
		{errs.New(errs.TooMany, "x"), 429},
		{errs.New(errs.Unauthenticated, "x"), 403},
		{errs.New(errs.TooLarge, "x"), 400},
		{errs.New(errs.Unsupported, "x"), 400},
		{errors.New("disk full"), 0},
		{fmt.Errorf("%w: by community", report.ErrForbidden), 403},
		{apikey.ErrBadKey, 403},
		{order.ErrForbidden, 403},
		{order.ErrNotFound, 404},
		{fmt.Errorf("creating: %w", order.ErrUnknownCategory), 404},
		{order.ErrIdempotencyConflict, 400},
		{badRequest("lat and long must be sent together"), 400},
	}
	for _, c := range cases {
		got := classify(c.err)
		switch {
		case c.status == 0 && got != nil:
			t.Errorf("%v: classified as %d, want the general service error", c.err, got.Status)
		case c.status != 0 && (got == nil || got.Status != c.status):
			t.Errorf("%v: %+v, want %d", c.err, got, c.status)
		}
	}
}

// TestClassifyEveryDomainsNotFoundAndForbidden: a not-found from any
// domain is 404 and a refusal 403, never the general service error.
func TestClassifyEveryDomainsNotFoundAndForbidden(t *testing.T) {
	t.Parallel()
	for _, c := range errstest.NotFoundAndForbidden() {
		want := map[errs.Kind]int{errs.NotFound: 404, errs.Forbidden: 403}[c.Kind]
		if got := classify(c.Err); got == nil || got.Status != want {
			t.Errorf("%s: %+v, want %d", c.Name, got, want)
		}
	}
}
