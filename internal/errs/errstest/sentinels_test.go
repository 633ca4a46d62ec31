package errstest_test

import (
	"testing"

	"civicgrid/internal/errs"
	"civicgrid/internal/errs/errstest"
)

// TestSentinelsCarryTheirKind: each listed sentinel, wrapped, still says
// its kind, so the HTTP tables that use the list test what they claim.
func TestSentinelsCarryTheirKind(t *testing.T) {
	t.Parallel()
	cases := errstest.NotFoundAndForbidden()
	if len(cases) < 40 {
		t.Fatalf("%d sentinels listed, want every domain's", len(cases))
	}
	for _, c := range cases {
		if got := errs.KindOf(c.Err); got != c.Kind {
			t.Errorf("%s: kind %v, want %v", c.Name, got, c.Kind)
		}
	}
}
