package bench

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"civicgrid/internal/zone"
)

// cityRead is a page or list someone keeps open during the day.
type cityRead struct {
	path string
	page bool // an HTML page (Accept: text/html), else JSON
	who  func(*cityStaff) string
}

// cityReads: the leader's dashboard and measures, the command centre's
// dispatch board and its queue through the API.
var cityReads = []cityRead{
	{"/home", true, func(s *cityStaff) string { return s.leader }},
	{"/dispatch", true, func(s *cityStaff) string { return s.dispatcher }},
	{"/api/v1/stats?from={year}&to={next}", false, func(s *cityStaff) string { return s.leader }},
	{"/api/v1/stats/ranking?by=street&from={year}&to={next}", false, func(s *cityStaff) string { return s.leader }},
	{"/api/v1/orders?status=pending,dispatched&limit=50", false, func(s *cityStaff) string { return s.dispatcher }},
	{"/measures", true, func(s *cityStaff) string { return s.leader }},
}

// cityReaders is how many people keep reading, and their pause between
// two looks.
const (
	cityReaders   = 4
	cityReadPause = 250 * time.Millisecond
)

// read has reader r look at the pages in turn until ctx ends; it returns
// how many it read.
func readDay(ctx context.Context, c *cityCluster, staff *cityStaff, lat *cityLatencies, r int) (int, error) {
	n := 0
	for i := r; ; i++ {
		select {
		case <-ctx.Done():
			return n, nil
		case <-time.After(cityReadPause):
		}
		rd := cityReads[i%len(cityReads)]
		token := rd.who(staff)
		year := time.Now().In(zone.Shanghai()).Year()
		path := strings.NewReplacer("{year}", fmt.Sprintf("%d-01-01", year), "{next}", fmt.Sprintf("%d-01-01", year+1)).Replace(rd.path)
		began := time.Now()
		a, err := c.do(ctx, r, func(base string) (*http.Request, error) {
			req, err := http.NewRequest(http.MethodGet, base+path, nil)
			if err == nil {
				req.Header.Set("Authorization", "Bearer "+token)
				if rd.page {
					req.Header.Set("Accept", "text/html")
				}
			}
			return req, err
		})
		if ctx.Err() != nil {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("GET %s: %w", path, err)
		}
		if a.status != http.StatusOK {
			return n, fmt.Errorf("GET %s: %d %.300s", path, a.status, a.body)
		}
		took := time.Since(began)
		lat.add(classRead, took)
		lat.add(classRead+" "+rd.path, took) // which look is slow
		n++
	}
}
