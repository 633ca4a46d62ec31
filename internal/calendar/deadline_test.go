package calendar_test

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"civicgrid/internal/calendar"
)

var beijing = calendar.DefaultLocation()

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Hand computations from data/holidays.csv (2026):
//
//	February: Fri 13 work · Sat 14 make-up work · Sun 15 – Mon 23 春节 off ·
//	          Tue 24 – Fri 27 work · Sat 28 make-up work · Sun 1 March off
//	September/October: Sun 20 Sep make-up work · Fri 25 – Sun 27 中秋节 off ·
//	          Mon 28 – Wed 30 work · Thu 1 – Wed 7 Oct 国庆节 off ·
//	          Thu 8, Fri 9 work · Sat 10 Oct make-up work · Sun 11 off
func TestAddWorkingDaysAcrossHolidays(t *testing.T) {
	cal := calendar.Embedded(nil)
	cases := []struct {
		name, from string
		n          int
		due        string
	}{
		// Day of receipt Fri 13 not counted; 1 = Sat 14 (make-up),
		// 2 = Tue 24 (15–23 off), 3 = Wed 25 → due 24:00 Wed 25.
		{"Spring Festival crossing", "2026-02-13T16:00:00+08:00", 3, "2026-02-26T00:00:00+08:00"},
		// 1 = the make-up Saturday 14 → due 24:00 Sat 14.
		{"make-up Saturday counts", "2026-02-13T16:00:00+08:00", 1, "2026-02-15T00:00:00+08:00"},
		// Receipt on the make-up Saturday itself: not counted; 1 = Tue 24.
		{"receipt on a make-up Saturday", "2026-02-14T10:00:00+08:00", 1, "2026-02-25T00:00:00+08:00"},
		// Receipt on Sun 15, inside the holiday: 1 = Tue 24.
		{"receipt on a holiday Sunday", "2026-02-15T10:00:00+08:00", 1, "2026-02-25T00:00:00+08:00"},
		// 1 = Fri 27, 2 = Sat 28 (make-up) → due 24:00 Sat 28.
		{"second make-up Saturday counts", "2026-02-26T09:00:00+08:00", 2, "2026-03-01T00:00:00+08:00"},
		// Plain Sunday 8 March: 1 = Mon 9, 2 = Tue 10, 3 = Wed 11.
		{"receipt on a plain Sunday", "2026-03-08T15:00:00+08:00", 3, "2026-03-12T00:00:00+08:00"},
		// Fri 6 March late: Sat 7 and Sun 8 off; 1 = Mon 9.
		{"Friday evening", "2026-03-06T23:59:00+08:00", 1, "2026-03-10T00:00:00+08:00"},
		// Fri 18 Sep: Sat 19 off, 1 = Sun 20 (make-up), 2 = Mon 21, 3 = Tue 22.
		{"make-up Sunday before National Day", "2026-09-18T17:30:00+08:00", 3, "2026-09-23T00:00:00+08:00"},
		// Wed 30 Sep: 1–7 Oct off; 1 = Thu 8, 2 = Fri 9, 3 = Sat 10 (make-up).
		{"National Day crossing", "2026-09-30T09:00:00+08:00", 3, "2026-10-11T00:00:00+08:00"},
		// Thu 24 Sep: 25–27 off; 1 = Mon 28, 2 = Tue 29, 3 = Wed 30,
		// 1–7 Oct off, 4 = Thu 8, 5 = Fri 9 → due 24:00 Fri 9.
		{"Mid-autumn and National Day", "2026-09-24T12:00:00+08:00", 5, "2026-10-10T00:00:00+08:00"},
		// A UTC receipt time is read in Beijing: 2026-02-13T20:00Z is
		// Sat 14 04:00 in Beijing, so the count starts after Sat 14.
		{"UTC input", "2026-02-13T20:00:00Z", 1, "2026-02-25T00:00:00+08:00"},
	}
	for _, c := range cases {
		from := at(t, c.from)
		got, err := cal.AddWorkingDays(from, c.n)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if want := at(t, c.due); !got.Equal(want) || got.Location() != beijing {
			t.Errorf("%s: AddWorkingDays(%s, %d) = %s, want %s", c.name, c.from, c.n, got.Format(time.RFC3339), c.due)
		}
		if back := cal.WorkingDaysBetween(from, got); back != c.n {
			t.Errorf("%s: WorkingDaysBetween(from, due) = %d, want %d", c.name, back, c.n)
		}
	}
}

func TestAddWorkingDaysRejectsBadLimits(t *testing.T) {
	cal := calendar.Embedded(nil)
	from := at(t, "2026-02-13T16:00:00+08:00")
	for _, n := range []int{0, -1, calendar.MaxWorkingDays + 1} {
		if _, err := cal.AddWorkingDays(from, n); !errors.Is(err, calendar.ErrInvalid) {
			t.Errorf("AddWorkingDays(n=%d) error = %v, want ErrInvalid", n, err)
		}
	}
	if _, err := cal.AddHours(from, 0); !errors.Is(err, calendar.ErrInvalid) {
		t.Errorf("AddHours(0): %v", err)
	}
	if _, err := cal.AddDuration(from, -time.Minute); !errors.Is(err, calendar.ErrInvalid) {
		t.Errorf("AddDuration(-1m): %v", err)
	}
	if _, err := cal.AddDuration(from, calendar.MaxDuration+time.Second); !errors.Is(err, calendar.ErrInvalid) {
		t.Errorf("AddDuration(too long): %v", err)
	}
}

// Clock limits ignore the calendar: 2 hours from 23:00 on the eve of the
// Spring Festival holiday is 01:00 on the holiday itself.
func TestClockLimitsCrossMidnight(t *testing.T) {
	cal := calendar.Embedded(nil)
	got, err := cal.AddHours(at(t, "2026-02-14T23:00:00+08:00"), 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := at(t, "2026-02-15T01:00:00+08:00"); !got.Equal(want) {
		t.Errorf("AddHours = %s, want %s", got.Format(time.RFC3339), want.Format(time.RFC3339))
	}
	if got.Location() != beijing {
		t.Errorf("AddHours result in %s, want the calendar's zone", got.Location())
	}
	// A UTC receipt: 15:45Z is 23:45 in Beijing; +30 minutes is 00:15.
	got, err = cal.AddDuration(at(t, "2026-12-31T15:45:00Z"), 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if s := got.Format(time.RFC3339); s != "2027-01-01T00:15:00+08:00" {
		t.Errorf("AddDuration = %s", s)
	}
}

func TestWorkingDaysBetweenDeadlines(t *testing.T) {
	cal := calendar.Embedded(nil)
	// An extension from 24:00 Sat 14 Feb to 24:00 Wed 25 Feb adds the
	// working days Tue 24 and Wed 25: 2.
	oldDue, newDue := at(t, "2026-02-15T00:00:00+08:00"), at(t, "2026-02-26T00:00:00+08:00")
	if n := cal.WorkingDaysBetween(oldDue, newDue); n != 2 {
		t.Errorf("extension = %d working days, want 2", n)
	}
	if n := cal.WorkingDaysBetween(newDue, oldDue); n != -2 {
		t.Errorf("reversed = %d, want -2", n)
	}
	if n := cal.WorkingDaysBetween(oldDue, oldDue); n != 0 {
		t.Errorf("empty interval = %d", n)
	}
	// The documented exception: a receipt at exactly 00:00 of Mon 9 March.
	// AddWorkingDays skips the day of receipt (1 = Tue 10, due Wed 11
	// 00:00), but Mon 9 lies whole inside [from, due]: 2.
	from := at(t, "2026-03-09T00:00:00+08:00")
	due, _ := cal.AddWorkingDays(from, 1)
	if want := at(t, "2026-03-11T00:00:00+08:00"); !due.Equal(want) {
		t.Fatalf("due = %s", due)
	}
	if n := cal.WorkingDaysBetween(from, due); n != 2 {
		t.Errorf("midnight receipt: WorkingDaysBetween = %d, want 2", n)
	}
	// A whole year: 2026 has 248 working days from 1 Jan 00:00 to 1 Jan 2027 00:00.
	if n := cal.WorkingDaysBetween(at(t, "2026-01-01T00:00:00+08:00"), at(t, "2027-01-01T00:00:00+08:00")); n != countWorkdays(cal, 2026) {
		t.Errorf("2026 whole year = %d", n)
	}
}

func countWorkdays(cal *calendar.Calendar, y int) int {
	n := 0
	for _, d := range cal.Year(y) {
		if d.Workday {
			n++
		}
	}
	return n
}

// Property over random receipts 2007–2026: the deadline is midnight, the
// day before it is a working day, the day of receipt is never counted, and
// counting back gives n.
func TestAddWorkingDaysProperties(t *testing.T) {
	cal := calendar.Embedded(nil)
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2007, 1, 1, 0, 0, 0, 0, beijing).Unix()
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, beijing).Unix()
	for i := 0; i < 5000; i++ {
		from := time.Unix(start+rng.Int64N(end-start), 0).In(beijing)
		if from.Hour() == 0 && from.Minute() == 0 && from.Second() == 0 {
			continue
		}
		n := 1 + rng.IntN(30)
		due, err := cal.AddWorkingDays(from, n)
		if err != nil {
			t.Fatal(err)
		}
		last := due.Add(-time.Hour)
		if due.Hour() != 0 || due.Minute() != 0 || !cal.IsWorkday(last) {
			t.Fatalf("from %s n=%d: due %s is not the end of a working day", from, n, due)
		}
		receiptEnd := time.Date(from.Year(), from.Month(), from.Day()+1, 0, 0, 0, 0, beijing)
		if due.Sub(receiptEnd) < 24*time.Hour {
			t.Fatalf("from %s n=%d: due %s counts the day of receipt", from, n, due)
		}
		if got := cal.WorkingDaysBetween(from, due); got != n {
			t.Fatalf("from %s n=%d: due %s, WorkingDaysBetween = %d", from, n, due, got)
		}
	}
}

func TestRulesText(t *testing.T) {
	cal := calendar.Embedded(nil)
	for _, c := range []struct{ got, want string }{
		{cal.WorkingDaysRule(3), "第3个工作日24时"},
		{cal.WorkingDaysRule(3), "3rd working day"},
		{cal.WorkingDaysRule(11), "11th working day"},
		{cal.WorkingDaysRule(22), "22nd working day"},
		{cal.ClockRule(2 * time.Hour), "受理后2小时"},
		{cal.ClockRule(30 * time.Minute), "30 minutes after receipt"},
	} {
		if !contains(c.got, c.want) {
			t.Errorf("%q does not say %q", c.got, c.want)
		}
	}
}
