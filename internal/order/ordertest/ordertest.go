// Package ordertest holds the fakes that tests of the order engine and of
// the packages built on it share: a weekday calendar, a box locator and a
// settable clock, over a small fixed org tree in 明山区.
package ordertest

import (
	"sync"
	"time"

	"civicgrid/internal/zone"
)

// Codes of the fixture: two streets of 明山区, a community in each, a grid
// in each community (plus a second grid in the first).
const (
	District   = "210504"
	Street1    = "210504002"
	Street2    = "210504004"
	Community1 = "210504002001"
	Community3 = "210504004001"
	GridA      = "210504002001001"
	GridB      = "210504002001002"
	GridC      = "210504004001001"
)

// CST is China Standard Time (UTC+8, no daylight saving).
var CST = zone.Shanghai()

// Monday09 is Monday 23 November 2026, 09:00 in Shanghai.
var Monday09 = time.Date(2026, 11, 23, 9, 0, 0, 0, CST)

// BoxLocator is a fake grid locator: lat 41.0–41.1 and lng 123.0–123.1 is
// grid A, 123.1–123.2 grid B, 123.3–123.4 grid C; elsewhere no grid.
type BoxLocator struct{}

func (BoxLocator) Locate(lng, lat float64) (string, bool) {
	switch {
	case lat < 41 || lat >= 41.1:
		return "", false
	case lng >= 123.0 && lng < 123.1:
		return GridA, true
	case lng >= 123.1 && lng < 123.2:
		return GridB, true
	case lng >= 123.3 && lng < 123.4:
		return GridC, true
	}
	return "", false
}

// WeekdayClock is a calendar with Monday to Friday working and no
// holidays: N working days end at 24:00 of the N-th working day after the
// day of receipt.
type WeekdayClock struct{}

func (WeekdayClock) AddWorkingDays(from time.Time, n int) time.Time {
	d := from.In(CST)
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, CST)
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if wd := day.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return day.AddDate(0, 0, 1)
}

func (WeekdayClock) AddDuration(from time.Time, d time.Duration) time.Time { return from.Add(d) }

// Now is a settable clock, safe for concurrent use.
type Now struct {
	mu sync.Mutex
	t  time.Time
}

// NewNow starts the clock at t.
func NewNow(t time.Time) *Now { return &Now{t: t} }

func (n *Now) Now() time.Time {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.t
}

func (n *Now) Set(t time.Time) {
	n.mu.Lock()
	n.t = t
	n.mu.Unlock()
}

func (n *Now) Advance(d time.Duration) {
	n.mu.Lock()
	n.t = n.t.Add(d)
	n.mu.Unlock()
}
