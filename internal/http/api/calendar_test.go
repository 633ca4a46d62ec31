package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/calendar"
	"civicgrid/internal/http/api"
)

func calendarMux(c *calendar.Calendar) *http.ServeMux {
	get := func() *calendar.Calendar { return c }
	mux := http.NewServeMux()
	// The specific pattern wins over {year} in ServeMux, as in production.
	mux.HandleFunc("GET /api/v1/calendar/due", api.CalendarDueHandler(get))
	mux.HandleFunc("GET /api/v1/calendar/{year}", api.CalendarYearHandler(get))
	return mux
}

func getJSON(t *testing.T, mux http.Handler, target string) (int, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("%s: body %q: %v", target, rec.Body.String(), err)
	}
	return rec.Code, body
}

func TestCalendarYear(t *testing.T) {
	cal := calendar.Embedded(nil)
	mux := calendarMux(cal)
	code, body := getJSON(t, mux, "/api/v1/calendar/2026")
	if code != http.StatusOK || body["year"] != float64(2026) || body["published"] != true || body["warning"] != nil {
		t.Fatalf("2026: %d %v", code, body["published"])
	}
	days := body["days"].([]any)
	if len(days) != 365 {
		t.Fatalf("%d days", len(days))
	}
	first := days[0].(map[string]any)
	if first["date"] != "2026-01-01" || first["workday"] != false || first["holiday"] != "元旦" || first["makeup"] != false {
		t.Errorf("1 January = %v", first)
	}
	// Day 45 is Sat 14 February, the make-up working day for 春节.
	feb14 := days[44].(map[string]any)
	if feb14["date"] != "2026-02-14" || feb14["workday"] != true || feb14["makeup"] != true ||
		feb14["holiday"] != "" || feb14["makeup_for"] != "春节" {
		t.Errorf("14 February = %v", feb14)
	}
	// The JSON agrees with the calendar on every day.
	working := 0
	for i, d := range cal.Year(2026) {
		j := days[i].(map[string]any)
		if j["date"] != d.Date || j["workday"] != d.Workday {
			t.Fatalf("day %d: %v vs %+v", i, j, d)
		}
		if d.Workday {
			working++
		}
	}
	if working != 248 {
		t.Errorf("2026: %d working days", working)
	}
}

func TestCalendarYearUnpublished(t *testing.T) {
	code, body := getJSON(t, calendarMux(calendar.Embedded(nil)), "/api/v1/calendar/2030")
	if code != http.StatusOK || body["published"] != false {
		t.Fatalf("2030: %d %v", code, body)
	}
	if w, _ := body["warning"].(string); !strings.Contains(w, "2030") || !strings.Contains(w, "WARNING") {
		t.Errorf("warning = %q", w)
	}
	for _, d := range body["days"].([]any) {
		day := d.(map[string]any)
		date, _ := time.Parse("2006-01-02", day["date"].(string))
		weekend := date.Weekday() == time.Saturday || date.Weekday() == time.Sunday
		if day["workday"] == weekend || day["holiday"] != "" {
			t.Fatalf("%v: not the plain week", day)
		}
	}
}

func TestCalendarYearRejectsBadYears(t *testing.T) {
	mux := calendarMux(calendar.Embedded(nil))
	for _, y := range []string{"abc", "1999", "99999", "20x6", "-2026", "0202"} {
		code, body := getJSON(t, mux, "/api/v1/calendar/"+y)
		e, _ := body["error"].(map[string]any)
		if code != http.StatusBadRequest || e["code"] != "invalid" || !strings.Contains(e["message"].(string), "2000 to 2199") {
			t.Errorf("%s: %d %v", y, code, body)
		}
	}
}

func TestCalendarDue(t *testing.T) {
	mux := calendarMux(calendar.Embedded(nil))
	cases := []struct{ query, due, rule string }{
		// Fri 13 Feb 16:00: 1 = Sat 14 (make-up), 2 = Tue 24, 3 = Wed 25.
		{"from=2026-02-13T16:00:00%2B08:00&working_days=3", "2026-02-26T00:00:00+08:00", "第3个工作日24时"},
		// An unencoded '+' arrives as a space and is still understood.
		{"from=2026-02-13T16:00:00+08:00&working_days=1", "2026-02-15T00:00:00+08:00", "1st working day"},
		// Two clock hours across midnight; a UTC input is answered in +08:00.
		{"from=2026-02-14T15:00:00Z&hours=2", "2026-02-15T01:00:00+08:00", "受理后2小时"},
		{"from=2026-02-14T23:50:00&minutes=30", "2026-02-15T00:20:00+08:00", "30 minutes"},
	}
	for _, c := range cases {
		code, body := getJSON(t, mux, "/api/v1/calendar/due?"+c.query)
		if code != http.StatusOK || body["due"] != c.due || !strings.Contains(body["rule"].(string), c.rule) {
			t.Errorf("%s: %d %v", c.query, code, body)
		}
		if body["warning"] != nil {
			t.Errorf("%s: unexpected warning", c.query)
		}
	}
	// Counting into 2027, which the shipped data does not have, warns.
	code, body := getJSON(t, mux, "/api/v1/calendar/due?from="+url.QueryEscape("2026-12-31T10:00:00+08:00")+"&working_days=1")
	if code != http.StatusOK || body["due"] != "2027-01-02T00:00:00+08:00" || !strings.Contains(body["warning"].(string), "2027") {
		t.Errorf("into 2027: %d %v", code, body)
	}
}

func TestCalendarDueRejectsBadParams(t *testing.T) {
	mux := calendarMux(calendar.Embedded(nil))
	cases := map[string]string{
		"working_days=3":                                     "from is required",
		"from=yesterday&working_days=3":                      "RFC 3339",
		"from=2026-02-13T16:00:00Z":                          "exactly one",
		"from=2026-02-13T16:00:00Z&working_days=3&hours=2":   "exactly one",
		"from=2026-02-13T16:00:00Z&working_days=0":           "at least 1",
		"from=2026-02-13T16:00:00Z&working_days=three":       "whole number",
		"from=2026-02-13T16:00:00Z&minutes=-5":               "at least 1",
		"from=2026-02-13T16:00:00Z&working_days=99999":       "from 1 to 3650",
		"from=2026-02-13T16:00:00Z&hours=9999999999":         "hours must be",
		"from=2026-02-13T16:00:00Z&working_days=":            "whole number",
		"from=2026-02-13T16:00:00Z&hours=1&minutes=1&x=1":    "exactly one",
		"from=2026-02-13T16%3A00%3A00%2B08%3A00&hours=1.5":   "whole number",
		"from=2026-02-30T16:00:00%2B08:00&working_days=1":    "RFC 3339",
		"from=2026-02-13T16:00:00%2B08:00&working_days=1e2":  "whole number",
		"from=2026-02-13T16:00:00%2B08:00&minutes=100000000": "at most",
	}
	for q, want := range cases {
		code, body := getJSON(t, mux, "/api/v1/calendar/due?"+q)
		e, _ := body["error"].(map[string]any)
		msg, _ := e["message"].(string)
		if code != http.StatusBadRequest || !strings.Contains(msg, want) {
			t.Errorf("%s: %d %q, want 400 saying %q", q, code, msg, want)
		}
	}
}

func TestCalendarHandlersBeforeLoad(t *testing.T) {
	none := func() *calendar.Calendar { return nil }
	for _, h := range []http.HandlerFunc{api.CalendarYearHandler(none), api.CalendarDueHandler(none)} {
		rec := httptest.NewRecorder()
		h(rec, httptest.NewRequest(http.MethodGet, "/api/v1/calendar/due?from=2026-01-01T00:00:00Z&hours=1", nil))
		if rec.Code != http.StatusServiceUnavailable {
			t.Errorf("status %d, want 503", rec.Code)
		}
	}
}
