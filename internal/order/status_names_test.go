package order_test

import (
	"testing"

	"civicgrid/internal/order"
)

// The statuses' names are written once, in the engine; Label keeps the
// form errors and notifications have always used.
func TestEveryStatusHasItsNames(t *testing.T) {
	t.Parallel()
	seen := map[string]order.Status{}
	for _, s := range order.Statuses() {
		if s.Chinese() == string(s) || s.English() == string(s) {
			t.Errorf("%s has no name: %q / %q", s, s.Chinese(), s.English())
		}
		if other, dup := seen[s.Chinese()]; dup {
			t.Errorf("%s and %s share the name %q", s, other, s.Chinese())
		}
		seen[s.Chinese()] = s
		if want := s.Chinese() + " " + string(s); s.Label() != want {
			t.Errorf("Label %q, want %q", s.Label(), want)
		}
	}
	if got := order.StatusPending.Label(); got != "待派遣 pending" {
		t.Errorf("pending: %q", got)
	}
	if got := order.Status("lost"); got.Label() != "lost" || got.Chinese() != "lost" || got.English() != "lost" {
		t.Errorf("an unknown status names itself: %q %q %q", got.Label(), got.Chinese(), got.English())
	}
}
