package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/calendar"
	"civicgrid/internal/http/httpx"
)

// calendarDayJSON is one day of GET /api/v1/calendar/{year}.
type calendarDayJSON struct {
	Date    string `json:"date"`
	Workday bool   `json:"workday"`
	Holiday string `json:"holiday"`
	Makeup  bool   `json:"makeup"`
	// MakeupFor names what a make-up working day makes up for (春节).
	MakeupFor string `json:"makeup_for,omitempty"`
	Override  bool   `json:"override,omitempty"`
}

// CalendarYearHandler serves GET /api/v1/calendar/{year}: every day of the
// year with working status, holiday name and make-up flag. A year without
// a published schedule is answered with the plain week, published false
// and a warning; a year that is not a number in 2000–2199 is a 400.
func CalendarYearHandler(cal func() *calendar.Calendar) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := cal()
		if c == nil {
			httpx.WriteError(w, http.StatusServiceUnavailable, "unavailable", "the calendar is not loaded yet")
			return
		}
		s := r.PathValue("year")
		y, err := strconv.Atoi(s)
		if err != nil || len(s) != 4 || y < calendar.MinYear || y > calendar.MaxYear {
			httpx.WriteError(w, http.StatusBadRequest, "invalid",
				"year must be a four-digit year from 2000 to 2199, got "+strconv.Quote(s)+" — 年份须为 2000 至 2199 的四位数字")
			return
		}
		days := c.Year(y)
		out := make([]calendarDayJSON, len(days))
		for i, d := range days {
			out[i] = calendarDayJSON{Date: d.Date, Workday: d.Workday, Holiday: d.Holiday(), Makeup: d.Makeup, Override: d.Override}
			if d.Workday {
				out[i].MakeupFor = d.Name
			}
		}
		body := map[string]any{"year": y, "published": c.HasYear(y), "days": out}
		if warning := c.UnpublishedWarning(y); warning != "" {
			body["warning"] = warning
		}
		httpx.WriteJSON(w, http.StatusOK, body)
	}
}

// CalendarDueHandler serves GET /api/v1/calendar/due?from=…&working_days=N
// (or &hours=H, or &minutes=M; exactly one): the deadline of that limit for
// a receipt at from, with the rule that produced it. from is RFC 3339; a
// time without an offset is read in the calendar's zone (Asia/Shanghai).
func CalendarDueHandler(cal func() *calendar.Calendar) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := cal()
		if c == nil {
			httpx.WriteError(w, http.StatusServiceUnavailable, "unavailable", "the calendar is not loaded yet")
			return
		}
		q := r.URL.Query()
		from, err := parseReceipt(q.Get("from"), c.Location())
		if err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
			return
		}
		var given []string
		for _, name := range []string{"working_days", "hours", "minutes"} {
			if q.Has(name) {
				given = append(given, name)
			}
		}
		if len(given) != 1 {
			httpx.WriteError(w, http.StatusBadRequest, "invalid",
				"give exactly one of working_days, hours or minutes (got "+strconv.Itoa(len(given))+": "+strings.Join(given, ", ")+
					") — 须且只能指定 working_days、hours、minutes 之一")
			return
		}
		name := given[0]
		n, err := strconv.Atoi(q.Get(name))
		if err != nil || n < 1 {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", name+" must be a whole number of at least 1, got "+strconv.Quote(q.Get(name)))
			return
		}
		var due time.Time
		var rule string
		switch name {
		case "working_days":
			due, err = c.AddWorkingDays(from, n)
			rule = c.WorkingDaysRule(n)
		case "hours":
			due, err = c.AddHours(from, n)
			rule = c.ClockRule(time.Duration(n) * time.Hour)
		default:
			due, err = c.AddDuration(from, time.Duration(n)*time.Minute)
			rule = c.ClockRule(time.Duration(n) * time.Minute)
		}
		if err != nil {
			fail(w, r, err)
			return
		}
		body := map[string]any{
			"from": from.In(c.Location()).Format(time.RFC3339),
			"due":  due.Format(time.RFC3339),
			"rule": rule,
		}
		// Working days counted in a year without a schedule counted weekends
		// only: say so.
		for y := from.In(c.Location()).Year(); name == "working_days" && y <= due.Year(); y++ {
			if warning := c.UnpublishedWarning(y); warning != "" {
				body["warning"] = warning
				break
			}
		}
		httpx.WriteJSON(w, http.StatusOK, body)
	}
}

// parseReceipt reads from: RFC 3339, or a local time without offset. An
// unencoded '+' in a query string arrives as a space; RFC 3339 never holds
// a space, so one is read back as '+'.
func parseReceipt(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("from is required: the time of receipt in RFC 3339, e.g. 2026-02-13T16:00:00+08:00 — 缺少受理时间 from")
	}
	s = strings.ReplaceAll(s, " ", "+")
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04:05", s, loc); err == nil {
		return t, nil
	}
	return time.Time{}, errors.New("from must be an RFC 3339 time such as 2026-02-13T16:00:00+08:00 (encode + as %2B in a URL), got " +
		strconv.Quote(s) + " — 受理时间格式错误")
}
