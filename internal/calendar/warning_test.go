package calendar_test

import (
	"strings"
	"testing"

	"civicgrid/internal/calendar"
)

func TestMissingYearWarningFromNovember(t *testing.T) {
	cal := calendar.Embedded(nil)
	cases := []struct {
		now     string
		missing bool
		years   string
	}{
		{"2026-10-31T23:59:59+08:00", false, ""},
		// 16:00 UTC on 31 October is already 1 November in Beijing.
		{"2026-10-31T16:00:00Z", true, "2027"},
		{"2026-11-01T00:00:00+08:00", true, "2027"},
		{"2026-12-31T12:00:00+08:00", true, "2027"},
		// Still missing in January: now it is the current year.
		{"2027-01-15T09:00:00+08:00", true, "2027"},
		{"2025-11-20T09:00:00+08:00", false, ""},
	}
	for _, c := range cases {
		warning, missing := cal.MissingYearWarning(at(t, c.now))
		if missing != c.missing || (warning != "") != c.missing {
			t.Errorf("%s: missing=%v warning=%q, want missing=%v", c.now, missing, warning, c.missing)
			continue
		}
		if !missing {
			continue
		}
		for _, s := range []string{c.years + " 年", "尚未导入", "WARNING", "for " + c.years, "import", "off|work"} {
			if !strings.Contains(warning, s) {
				t.Errorf("%s: warning lacks %q: %s", c.now, s, warning)
			}
		}
	}
	// From November 2027 with 2027 and 2028 both missing, both are named.
	warning, _ := cal.MissingYearWarning(at(t, "2027-11-02T09:00:00+08:00"))
	if !strings.Contains(warning, "2027、2028 年") || !strings.Contains(warning, "2027 and 2028") {
		t.Errorf("warning should name both years: %s", warning)
	}
}

func TestMissingYearWarningGoesAwayWithTheNextYear(t *testing.T) {
	next, err := calendar.New(nil, calendar.EmbeddedEntries(), []calendar.Entry{{Date: "2027-01-01", Name: "元旦"}})
	if err != nil {
		t.Fatal(err)
	}
	if w, missing := next.MissingYearWarning(at(t, "2026-11-01T00:00:00+08:00")); missing {
		t.Errorf("2027 published, still warned: %s", w)
	}
	if w := next.UnpublishedWarning(2027); w != "" {
		t.Errorf("UnpublishedWarning(2027) = %q", w)
	}
	if w := next.UnpublishedWarning(2030); !strings.Contains(w, "2030") {
		t.Errorf("UnpublishedWarning(2030) = %q", w)
	}
}
