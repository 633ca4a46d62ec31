package knowledge

import (
	"strings"
	"time"

	"civicgrid/internal/zone"
)

// ParseDay reads a date (YYYY-MM-DD, Shanghai) as its first moment; ""
// is the zero time (open).
func ParseDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, zone.Shanghai())
	if err != nil {
		return time.Time{}, invalid("date %q: want YYYY-MM-DD — 日期格式应为 2026-01-31", s)
	}
	return t, nil
}
