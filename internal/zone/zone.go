// Package zone is the one time zone of civicgrid: every calendar date,
// deadline and time shown on a page or in an export is in China Standard
// Time (docs/design.md §3 "Time limits"). Times are stored in UTC.
package zone

import (
	"sync"
	"time"
	_ "time/tzdata" // Asia/Shanghai must load on a host without a zoneinfo database
)

// Shanghai is Asia/Shanghai, or a fixed UTC+8 if the zone database is
// somehow unusable: China has kept UTC+8 without daylight saving since
// 1991, so the two agree on every date civicgrid handles.
var Shanghai = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
})
