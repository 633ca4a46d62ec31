package ui

import (
	"testing"
	"time"
)

// A deadline at midnight is shown as 24:00 of the day before, the way the
// limits are worded; other times as they are.
func TestDeadlineText(t *testing.T) {
	cst := shanghaiLocation()
	for _, c := range []struct {
		at     time.Time
		layout string
		want   string
	}{
		{time.Date(2026, 11, 28, 0, 0, 0, 0, cst), "01-02", "11-27 24:00"},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, cst), "2006-01-02", "2026-12-31 24:00"},
		{time.Date(2026, 11, 24, 9, 7, 0, 0, cst), "2006-01-02", "2026-11-24 09:07"},
		{time.Date(2026, 11, 27, 16, 0, 0, 0, time.UTC), "01-02", "11-27 24:00"}, // midnight in Shanghai
		{time.Time{}, "01-02", ""},
	} {
		if got := deadlineText(c.at, c.layout); got != c.want {
			t.Errorf("deadlineText(%v) = %q, want %q", c.at, got, c.want)
		}
	}
}
