package api

import (
	"errors"
	"net/http"
	"time"

	"civicgrid/internal/zone"
)

// yearPeriod reads ?from=&to= (days in China time, [from, to)); either
// left out defaults to the current calendar year's bound.
func (a *API) yearPeriod(r *http.Request) (from, to time.Time, err error) {
	q := r.URL.Query()
	now := a.now().In(zone.Shanghai())
	from = time.Date(now.Year(), 1, 1, 0, 0, 0, 0, zone.Shanghai())
	to = from.AddDate(1, 0, 0)
	for _, b := range []struct {
		name string
		t    *time.Time
	}{{"from", &from}, {"to", &to}} {
		if s := q.Get(b.name); s != "" {
			t, err := time.ParseInLocation(time.DateOnly, s, zone.Shanghai())
			if err != nil {
				return from, to, errors.New(b.name + ": want a date like 2026-01-01 — 日期格式应为 2026-01-01")
			}
			*b.t = t
		}
	}
	if !from.Before(to) {
		return from, to, errors.New("from must be before to — 开始日期应早于结束日期")
	}
	return from, to, nil
}
