package calendar_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/calendar"
)

// rawRow is a line of data/holidays.csv read without the package's parser,
// so the checks below do not trust the code they test.
type rawRow struct {
	date time.Time
	kind string
	name string
}

func readRaw(t *testing.T) map[string]rawRow {
	t.Helper()
	b, err := os.ReadFile("data/holidays.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != "date,kind,name,name_en" {
		t.Fatalf("header = %q", lines[0])
	}
	rows := map[string]rawRow{}
	for i, line := range lines[1:] {
		f := strings.Split(line, ",")
		if len(f) != 4 {
			t.Fatalf("line %d: %d fields in %q", i+2, len(f), line)
		}
		d, err := time.Parse("2006-01-02", f[0])
		if err != nil {
			t.Fatalf("line %d: %v", i+2, err)
		}
		if _, dup := rows[f[0]]; dup {
			t.Fatalf("line %d: %s listed twice", i+2, f[0])
		}
		rows[f[0]] = rawRow{d, f[1], f[2]}
	}
	return rows
}

func TestEmbeddedDataMatchesRawFile(t *testing.T) {
	raw := readRaw(t)
	entries := calendar.EmbeddedEntries()
	if len(entries) != len(raw) {
		t.Fatalf("parsed %d entries, file has %d lines of data", len(entries), len(raw))
	}
	for _, e := range entries {
		r := raw[e.Date]
		if (r.kind == "work") != e.Workday || r.name != e.Name || e.NameEn == "" {
			t.Errorf("%s: parsed %+v, file says %+v", e.Date, e, r)
		}
		if y := r.date.Year(); y < 2007 || y > 2026 {
			t.Errorf("%s is outside 2007–2026", e.Date)
		}
	}
}

// Every year 2007–2026 is published and its count of working days equals
// the count worked out here from the raw file: weekdays, minus listed days
// off that fall on weekdays, plus listed working days on weekends.
func TestYearWorkingDaysMatchRawFile(t *testing.T) {
	raw := readRaw(t)
	cal := calendar.Embedded(nil)
	if first, last := cal.Published(); first != 2007 || last != 2026 {
		t.Fatalf("Published() = %d, %d; want 2007, 2026", first, last)
	}
	for y := 2007; y <= 2026; y++ {
		want := 0
		for d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == y; d = d.AddDate(0, 0, 1) {
			weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
			work := !weekend
			if r, ok := raw[d.Format("2006-01-02")]; ok {
				work = r.kind == "work"
			}
			if work {
				want++
			}
		}
		got := 0
		days := cal.Year(y)
		for _, d := range days {
			if d.Workday {
				got++
			}
		}
		if got != want {
			t.Errorf("%d: %d working days, raw file gives %d", y, got, want)
		}
		if got < 247 || got > 252 {
			t.Errorf("%d: %d working days, expected about 250", y, got)
		}
		if len(days) != time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC).YearDay() {
			t.Errorf("%d: Year returned %d days", y, len(days))
		}
		if !cal.HasYear(y) {
			t.Errorf("HasYear(%d) = false", y)
		}
	}
	for _, y := range []int{2006, 2027} {
		if cal.HasYear(y) {
			t.Errorf("HasYear(%d) = true; the shipped data ends at 2007–2026", y)
		}
	}
}

// The make-up working days of the data are all weekends (a weekday needs
// no make-up), and Year flags exactly those.
func TestMakeupDaysAreWeekends(t *testing.T) {
	raw := readRaw(t)
	cal := calendar.Embedded(nil)
	makeups := 0
	for y := 2007; y <= 2026; y++ {
		for _, d := range cal.Year(y) {
			r, listed := raw[d.Date]
			wantMakeup := listed && r.kind == "work"
			if d.Makeup != wantMakeup {
				t.Errorf("%s: Makeup = %v, want %v", d.Date, d.Makeup, wantMakeup)
			}
			if d.Makeup {
				makeups++
				if d.Weekday != time.Saturday && d.Weekday != time.Sunday {
					t.Errorf("%s: make-up working day on a %s", d.Date, d.Weekday)
				}
			}
		}
	}
	if makeups == 0 {
		t.Fatal("no make-up working days found")
	}
}

// The brief's 2026 dates, checked against the data: Spring Festival off
// 15–23 February with make-up Saturdays 14 and 28 February; National Day off
// 1–7 October with make-up Sunday 20 September and Saturday 10 October.
func TestKnown2026Schedule(t *testing.T) {
	cal := calendar.Embedded(nil)
	loc := cal.Location()
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, loc) }
	checkSpan := func(name string, m time.Month, from, to int) {
		for d := from; d <= to; d++ {
			work, holiday := cal.DayInfo(day(m, d))
			if work || holiday != name {
				t.Errorf("2026-%02d-%02d: workday=%v holiday=%q, want a day off named %s", m, d, work, holiday, name)
			}
		}
	}
	checkSpan("春节", time.February, 15, 23)
	checkSpan("国庆节", time.October, 1, 7)
	checkSpan("中秋节", time.September, 25, 27)
	for _, d := range []time.Time{day(time.February, 14), day(time.February, 28), day(time.September, 20), day(time.October, 10)} {
		if !cal.IsWorkday(d) {
			t.Errorf("%s (%s) should be a make-up working day", d.Format("2006-01-02"), d.Weekday())
		}
	}
	// The days just outside the spans are ordinary working days.
	for _, d := range []time.Time{day(time.February, 13), day(time.February, 24), day(time.September, 30), day(time.October, 8)} {
		if work, holiday := cal.DayInfo(d); !work || holiday != "" {
			t.Errorf("%s: workday=%v holiday=%q, want a plain working day", d.Format("2006-01-02"), work, holiday)
		}
	}
	// A plain weekend is off but no holiday.
	if work, holiday := cal.DayInfo(day(time.March, 7)); work || holiday != "" {
		t.Errorf("Sat 2026-03-07: workday=%v holiday=%q", work, holiday)
	}
}

// Dates are those of the calendar's zone: 16:30 UTC on Friday 13 February
// is already Saturday 14 February (a make-up working day) in Beijing, and
// 16:30 UTC on Saturday 14 February is Sunday 15 February, a holiday.
func TestDatesFollowTheLocation(t *testing.T) {
	cal := calendar.Embedded(nil)
	if got := cal.Location().String(); got != "Asia/Shanghai" {
		t.Fatalf("default location %q", got)
	}
	if work, _ := cal.DayInfo(time.Date(2026, 2, 14, 16, 30, 0, 0, time.UTC)); work {
		t.Error("2026-02-14T16:30Z is Sunday 15 February in Beijing, a holiday")
	}
	if !cal.IsWorkday(time.Date(2026, 2, 13, 16, 30, 0, 0, time.UTC)) {
		t.Error("2026-02-13T16:30Z is the make-up Saturday in Beijing")
	}
	// The same instant in a calendar kept in UTC falls on the other date.
	utc := calendar.Embedded(time.UTC)
	if utc.IsWorkday(time.Date(2026, 2, 14, 16, 30, 0, 0, time.UTC)) != true {
		t.Error("in a UTC calendar 2026-02-14T16:30Z is the make-up Saturday")
	}
}

func TestYearOutsideData(t *testing.T) {
	cal := calendar.Embedded(nil)
	days := cal.Year(2030)
	if len(days) != 365 {
		t.Fatalf("2030 has %d days", len(days))
	}
	for _, d := range days {
		weekend := d.Weekday == time.Saturday || d.Weekday == time.Sunday
		if d.Workday == weekend || d.Name != "" || d.Makeup {
			t.Fatalf("%s: %+v, want the plain week", d.Date, d)
		}
	}
	if cal.Year(0) != nil || cal.Year(10000) != nil {
		t.Error("years outside 1..9999 should have no days")
	}
}

func TestConcurrentReads(t *testing.T) {
	cal := calendar.Embedded(nil)
	done := make(chan int)
	for g := 0; g < 8; g++ {
		go func() {
			n := 0
			for _, d := range cal.Year(2026) {
				if d.Workday {
					n++
				}
			}
			done <- n
		}()
	}
	for g := 0; g < 8; g++ {
		if n := <-done; n != 248 {
			t.Errorf("goroutine counted %d working days in 2026, want 248", n)
		}
	}
}
