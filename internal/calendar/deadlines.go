package calendar

import (
	"log/slog"
	"time"
)

// Deadlines computes deadlines on whatever calendar Cal returns at the
// time (a Holder's Calendar, so admin amendments apply at once), without
// an error return, for engines that take validated limits (the order
// engine's Clock). Should the calendar ever refuse a count, it falls back
// to plain days or plain duration and logs it, so the fallback cannot pass
// unnoticed.
type Deadlines struct {
	Cal func() *Calendar
	// Log gets the fallbacks; nil means slog.Default().
	Log *slog.Logger
}

func (d Deadlines) log() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.Default()
}

func (d Deadlines) AddWorkingDays(from time.Time, n int) time.Time {
	t, err := d.Cal().AddWorkingDays(from, n)
	if err != nil {
		d.log().Error("working-day deadline refused; using calendar days", "from", from, "n", n, "err", err)
		return from.AddDate(0, 0, n)
	}
	return t
}

func (d Deadlines) AddDuration(from time.Time, dur time.Duration) time.Time {
	t, err := d.Cal().AddDuration(from, dur)
	if err != nil {
		d.log().Error("clock deadline refused; adding plain duration", "from", from, "d", dur, "err", err)
		return from.Add(dur)
	}
	return t
}
