package open311

import (
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/zone"
)

// chinaZone is the zone of every datetime we write (China Standard Time).
var chinaZone = zone.Shanghai()

// w3c writes t as the W3C profile of ISO 8601 the spec requires, with the
// zone: 2026-11-23T08:30:00+08:00.
func w3c(t time.Time) string { return t.In(chinaZone).Format("2006-01-02T15:04:05-07:00") }

// w3cOrNil is w3c, or nil for a time not yet reached.
func w3cOrNil(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := w3c(t)
	return &s
}

// window is the default and the widest span of a query by date.
const window = 90 * 24 * time.Hour

var w3cLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"}

// parseW3C reads a W3C datetime, which must carry its zone (Z or ±hh:mm).
// A bare date is the start of that day in China. A "+" left unescaped in
// a query string arrives as a space, so a space before the zone is read
// as "+".
func parseW3C(param, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, " "); i > 0 && strings.Contains(s[:i], "T") {
		s = s[:i] + "+" + s[i+1:]
	}
	for _, layout := range w3cLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", s, chinaZone); err == nil {
		return t, nil
	}
	return time.Time{}, badRequest("%s %q is not a W3C datetime with a time zone, e.g. 2026-11-23T08:30:00+08:00 or 2026-11-23T00:30:00Z", param, s)
}

// dateRange reads start_date and end_date into a span of at most 90 days:
// by default the last 90 days; one bound alone reaches 90 days from it.
func dateRange(start, end string, now time.Time) (from, to time.Time, err error) {
	var hasStart, hasEnd bool
	if start != "" {
		if from, err = parseW3C("start_date", start); err != nil {
			return
		}
		hasStart = true
	}
	if end != "" {
		if to, err = parseW3C("end_date", end); err != nil {
			return
		}
		hasEnd = true
	}
	switch {
	case !hasStart && !hasEnd:
		return now.Add(-window), now, nil
	case !hasEnd:
		return from, from.Add(window), nil
	case !hasStart:
		return to.Add(-window), to, nil
	case to.Before(from):
		return from, to, badRequest("end_date %s is before start_date %s", w3c(to), w3c(from))
	case to.Sub(from) > window:
		return from, to, badRequest("start_date to end_date spans %s; the spec allows at most 90 days",
			fmt.Sprintf("%.1f days", to.Sub(from).Hours()/24))
	}
	return from, to, nil
}
