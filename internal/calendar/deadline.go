package calendar

import (
	"fmt"
	"time"
)

// Bounds on a time limit: generous for any real category, small enough
// that a typo cannot send a loop over centuries.
const (
	MaxWorkingDays = 3650
	MaxDuration    = 10 * 366 * 24 * time.Hour
)

// AddWorkingDays is the deadline of a limit of n working days (n ≥ 1)
// received at from. The rule, as in 12345 practice and the
// administrative-procedure convention that the starting day is not counted:
//
//   - The day of receipt is never counted, whatever the hour and whether or
//     not it is a working day. Working days are counted from the next
//     calendar day on: the first working day after the day of receipt is
//     day 1. So a receipt on Saturday or Sunday counts from Monday (if
//     Monday is a working day), exactly as a receipt on Friday afternoon.
//   - Working days are those of this calendar: weekends and listed holidays
//     are skipped, make-up working days (调休) count.
//   - The deadline is 24:00 of the n-th working day, returned as 00:00 of
//     the following calendar day in the calendar's location.
//
// Example: received Fri 2026-02-13 16:00, n = 1: the next working day is the
// make-up Saturday 2026-02-14, so the order is due 2026-02-15T00:00+08:00.
//
// Years with no published schedule count weekends only (see
// MissingYearWarning). n outside 1..MaxWorkingDays is an ErrInvalid error.
func (c *Calendar) AddWorkingDays(from time.Time, n int) (time.Time, error) {
	if n < 1 || n > MaxWorkingDays {
		return time.Time{}, invalid("working days must be a whole number from 1 to %d, got %d", MaxWorkingDays, n)
	}
	d := dateIn(from, c.loc)
	for counted := 0; counted < n; {
		d = d.add(1)
		if c.workday(d) {
			counted++
		}
	}
	return d.add(1).start(c.loc), nil
}

// AddHours is the deadline of a limit of h clock hours (h ≥ 1): plain
// elapsed time, nights, weekends and holidays included, as for the 2-hour
// provisional reply. The result is in the calendar's location.
func (c *Calendar) AddHours(from time.Time, h int) (time.Time, error) {
	if h < 1 || time.Duration(h) > MaxDuration/time.Hour {
		return time.Time{}, invalid("hours must be a whole number from 1 to %d, got %d", int(MaxDuration/time.Hour), h)
	}
	return from.Add(time.Duration(h) * time.Hour).In(c.loc), nil
}

// AddDuration is AddHours for any positive duration, e.g. 30 minutes for
// an emergency.
func (c *Calendar) AddDuration(from time.Time, d time.Duration) (time.Time, error) {
	if d <= 0 || d > MaxDuration {
		return time.Time{}, invalid("a time limit must be positive and at most %d days, got %s", int(MaxDuration/(24*time.Hour)), d)
	}
	return from.Add(d).In(c.loc), nil
}

// WorkingDaysBetween counts the whole working days inside [a, b]: those that
// begin at or after a and end (24:00) at or before b. For two deadlines,
// both at 00:00, it is the number of working days one is later than the
// other, which is what an extension adds. When b is before a the count is
// negative.
//
// For a receipt time from that is not exactly midnight,
// WorkingDaysBetween(from, AddWorkingDays(from, n)) == n; a receipt at
// exactly 00:00 of a working day sees that whole day inside the interval
// too (n+1), because AddWorkingDays never counts the day of receipt.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	if b.Before(a) {
		return -c.WorkingDaysBetween(b, a)
	}
	first := dateIn(a, c.loc)
	if !first.start(c.loc).Equal(a) {
		first = first.add(1) // the day of a has begun before a: not whole
	}
	end := dateIn(b, c.loc) // the day of b ends after b: excluded
	n := 0
	for d := first; d.key() < end.key(); d = d.add(1) {
		if c.workday(d) {
			n++
		}
	}
	return n
}

// WorkingDaysRule states the working-day rule for n days, in Chinese and
// English, for display next to a deadline.
func (c *Calendar) WorkingDaysRule(n int) string {
	return fmt.Sprintf("自受理次日起算第%d个工作日24时止（受理当日不计，节假日顺延，调休上班日计入）— "+
		"due at 24:00 (00:00 of the next day, %s) of the %s working day after the day of receipt; "+
		"the day of receipt is not counted, weekends and public holidays are skipped, make-up working days count",
		n, c.loc, ordinal(n))
}

// ClockRule states a clock-time limit of d.
func (c *Calendar) ClockRule(d time.Duration) string {
	zh, en := fmt.Sprintf("%d分钟", int(d/time.Minute)), fmt.Sprintf("%d minutes", int(d/time.Minute))
	if d%time.Hour == 0 {
		zh, en = fmt.Sprintf("%d小时", int(d/time.Hour)), fmt.Sprintf("%d clock hours", int(d/time.Hour))
	}
	return fmt.Sprintf("受理后%s（自然时间，含夜间和节假日）— %s after receipt, in elapsed time (nights, weekends and holidays included)", zh, en)
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
