package calendar

import (
	"time"
)

// Years a notice or an override may name. Before 2000 the week and the
// holiday law differed (the five-day week began in 1995, Golden Weeks in
// 1999), so weekend-only defaults would be wrong there.
const (
	MinYear = 2000
	MaxYear = 2199
)

// DateLayout is how dates are written everywhere in this package.
const DateLayout = "2006-01-02"

// civil is a calendar date with no time and no zone.
type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, m, d}
}

// dateIn is the calendar date of instant t in loc.
func dateIn(t time.Time, loc *time.Location) civil { return civilOf(t.In(loc)) }

// add moves n days, normalising through UTC so no zone rule interferes.
func (c civil) add(n int) civil {
	return civilOf(time.Date(c.y, c.m, c.d+n, 0, 0, 0, 0, time.UTC))
}

func (c civil) key() int { return c.y*10000 + int(c.m)*100 + c.d }

func (c civil) weekday() time.Weekday {
	return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC).Weekday()
}

func (c civil) weekend() bool {
	w := c.weekday()
	return w == time.Saturday || w == time.Sunday
}

// start is 00:00 of the date in loc.
func (c civil) start(loc *time.Location) time.Time {
	return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, loc)
}

func (c civil) String() string {
	return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC).Format(DateLayout)
}

// parseCivil accepts exactly YYYY-MM-DD naming a real date in
// MinYear..MaxYear; the error text is meant for an admin.
func parseCivil(s string) (civil, string) {
	t, err := time.Parse(DateLayout, s)
	if err != nil || len(s) != len(DateLayout) {
		return civil{}, "date " + quote(s) + " is not a real date written YYYY-MM-DD"
	}
	c := civilOf(t)
	if c.y < MinYear || c.y > MaxYear {
		return civil{}, "date " + s + " is outside the years 2000–2199"
	}
	return c, ""
}
