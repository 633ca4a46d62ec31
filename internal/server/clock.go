package server

import (
	"log/slog"
	"time"

	"civicgrid/internal/calendar"
)

// orderClock gives the order engine deadlines on the calendar currently
// loaded (admins may amend it while the server runs).
type orderClock struct{ cal *calendar.Holder }

// AddWorkingDays falls back to calendar days only if the calendar refuses
// the count, which the catalogue's validated limits never ask for; the
// fallback is logged so it cannot pass unnoticed.
func (c orderClock) AddWorkingDays(from time.Time, n int) time.Time {
	t, err := c.cal.Calendar().AddWorkingDays(from, n)
	if err != nil {
		slog.Error("working-day deadline refused; using calendar days", "from", from, "n", n, "err", err)
		return from.AddDate(0, 0, n)
	}
	return t
}

func (c orderClock) AddDuration(from time.Time, d time.Duration) time.Time {
	t, err := c.cal.Calendar().AddDuration(from, d)
	if err != nil {
		slog.Error("clock deadline refused; adding plain duration", "from", from, "d", d, "err", err)
		return from.Add(d)
	}
	return t
}
