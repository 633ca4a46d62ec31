package order_test

import (
	"testing"
	"time"

	"civicgrid/internal/order"
)

// TestDueSoon: a deadline is flagged 即将到期 in its last day and last
// quarter; a brand-new order whose whole limit is short is not (issue 16:
// a new order showed 即将到期 on arrival).
func TestDueSoon(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name            string
		start, due, now time.Time
		want            bool
	}{
		{"new, 2-hour reply", at, at.Add(2 * time.Hour), at.Add(time.Minute), false},
		{"2-hour reply, 20 minutes left", at, at.Add(2 * time.Hour), at.Add(100 * time.Minute), true},
		{"new, due tomorrow evening", at, at.Add(33 * time.Hour), at.Add(time.Minute), false},
		{"3 days, 20 hours left", at, at.Add(72 * time.Hour), at.Add(52 * time.Hour), true},
		{"3 days, 30 hours left", at, at.Add(72 * time.Hour), at.Add(42 * time.Hour), false},
		{"past due", at, at.Add(time.Hour), at.Add(2 * time.Hour), false},
		{"no deadline", at, time.Time{}, at, false},
		{"no start known, 1 hour left", time.Time{}, at.Add(time.Hour), at, true},
	} {
		if got := order.DueSoon(c.start, c.due, c.now); got != c.want {
			t.Errorf("%s: DueSoon = %v, want %v", c.name, got, c.want)
		}
	}
}
