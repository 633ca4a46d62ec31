package calendar

import (
	"time"
)

// Calendar answers which days are working days. It is immutable and safe
// for concurrent use.
type Calendar struct {
	loc         *time.Location
	marks       map[int]mark // by civil.key()
	years       map[int]bool // published years
	first, last int
}

// mark is what the schedule says about one listed day.
type mark struct {
	workday      bool
	name, nameEn string
	override     bool
}

// Day is one calendar day as the schedule has it.
type Day struct {
	Date    string // YYYY-MM-DD
	Weekday time.Weekday
	Workday bool
	// Makeup is a weekend day made a working day (调休上班).
	Makeup bool
	// Name is the listed name: the holiday when the day is off (元旦), or
	// what a listed working day makes up for (春节). Empty when not listed.
	Name, NameEn string
	// Override is true when the day comes from calendar_overrides (an
	// admin's change or an imported notice) rather than the shipped data.
	Override bool
}

// Holiday is the holiday name when the day is a listed day off, else "".
func (d Day) Holiday() string {
	if d.Workday {
		return ""
	}
	return d.Name
}

// New builds a calendar from base entries (the shipped schedule) and
// overrides, which win date by date. loc nil means DefaultLocation. A year
// is published when any entry of either kind falls in it.
func New(loc *time.Location, base, overrides []Entry) (*Calendar, error) {
	if loc == nil {
		loc = DefaultLocation()
	}
	c := &Calendar{loc: loc, marks: make(map[int]mark, len(base)+len(overrides)), years: map[int]bool{}}
	for i, list := range [][]Entry{base, overrides} {
		for _, e := range list {
			d, msg := parseCivil(e.Date)
			if msg != "" {
				return nil, invalid("%s", msg)
			}
			c.marks[d.key()] = mark{workday: e.Workday, name: e.Name, nameEn: e.NameEn, override: i == 1}
			c.years[d.y] = true
		}
	}
	for y := range c.years {
		if c.first == 0 || y < c.first {
			c.first = y
		}
		if y > c.last {
			c.last = y
		}
	}
	return c, nil
}

// Location is the zone whose calendar dates the calendar counts.
func (c *Calendar) Location() *time.Location { return c.loc }

// IsWorkday reports whether the calendar date of t (in the calendar's
// location) is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	return c.day(dateIn(t, c.loc)).Workday
}

// DayInfo tells whether the date of t is a working day and, when it is a
// listed holiday, its Chinese name ("" for plain weekends and working days).
func (c *Calendar) DayInfo(t time.Time) (workday bool, holidayName string) {
	d := c.day(dateIn(t, c.loc))
	return d.Workday, d.Holiday()
}

// Year returns every day of year y in order. A year that is not published
// gets the plain week: Saturdays and Sundays off. Years outside 1..9999
// have no days.
func (c *Calendar) Year(y int) []Day {
	if y < 1 || y > 9999 {
		return nil
	}
	var days []Day
	for d := (civil{y, time.January, 1}); d.y == y; d = d.add(1) {
		days = append(days, c.day(d))
	}
	return days
}

// HasYear reports whether year y is published: the shipped data or an
// override lists at least one day in it.
func (c *Calendar) HasYear(y int) bool { return c.years[y] }

// Published returns the first and last published years, (0, 0) when none.
// Years between them are normally all published; check HasYear.
func (c *Calendar) Published() (first, last int) { return c.first, c.last }

func (c *Calendar) day(d civil) Day {
	out := Day{Date: d.String(), Weekday: d.weekday(), Workday: !d.weekend()}
	if m, ok := c.marks[d.key()]; ok {
		out.Makeup = m.workday && d.weekend()
		out.Workday = m.workday
		out.Name, out.NameEn, out.Override = m.name, m.nameEn, m.override
	}
	return out
}

// workday is the hot path of the deadline loops.
func (c *Calendar) workday(d civil) bool {
	if m, ok := c.marks[d.key()]; ok {
		return m.workday
	}
	return !d.weekend()
}
