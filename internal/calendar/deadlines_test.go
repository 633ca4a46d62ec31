package calendar_test

import (
	"testing"
	"time"

	"civicgrid/internal/calendar"
	"civicgrid/internal/zone"
)

func TestDeadlinesFollowTheCalendarAndFallBack(t *testing.T) {
	cal := calendar.Embedded(nil)
	d := calendar.Deadlines{Cal: func() *calendar.Calendar { return cal }}
	cst := zone.Shanghai()
	// Fri 2026-02-13 16:00 + 3 working days: Sat 02-14 (make-up), Tue 02-24, Wed 02-25 → 02-26 00:00.
	from := time.Date(2026, 2, 13, 16, 0, 0, 0, cst)
	if got, want := d.AddWorkingDays(from, 3), time.Date(2026, 2, 26, 0, 0, 0, 0, cst); !got.Equal(want) {
		t.Fatalf("3 working days from %v = %v, want %v", from, got, want)
	}
	if got := d.AddDuration(from, 2*time.Hour); !got.Equal(from.Add(2 * time.Hour)) {
		t.Fatalf("2 hours: %v", got)
	}
	// A count the calendar refuses falls back to plain days instead of failing.
	if got := d.AddWorkingDays(from, 0); !got.Equal(from) {
		t.Fatalf("fallback for 0 days = %v, want %v", got, from)
	}
}
