package demo

import (
	"sync"
	"time"

	"civicgrid/internal/calendar"
)

// calendarClock gives the order engine deadlines on the official
// working-day calendar, like the server's. The catalogue's limits are
// validated, so the calendar never refuses them; if it did, plain days
// keep the simulation going.
type calendarClock struct{ cal *calendar.Calendar }

func (c calendarClock) AddWorkingDays(from time.Time, n int) time.Time {
	t, err := c.cal.AddWorkingDays(from, n)
	if err != nil {
		return from.AddDate(0, 0, n)
	}
	return t
}

func (c calendarClock) AddDuration(from time.Time, d time.Duration) time.Time {
	t, err := c.cal.AddDuration(from, d)
	if err != nil {
		return from.Add(d)
	}
	return t
}

// simClock is the simulated "now" of one worker's order Service: each step
// of the simulation sets it to the step's time before acting.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}
