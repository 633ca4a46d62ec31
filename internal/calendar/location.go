package calendar

import (
	"sync"
	"time"
	_ "time/tzdata" // Asia/Shanghai must load on a host without a zoneinfo database
)

// DefaultLocation is Asia/Shanghai, or a fixed UTC+8 if the zone database
// is somehow unusable: China has kept UTC+8 without daylight saving since
// 1991, so the two agree on every date this package handles.
func DefaultLocation() *time.Location { return shanghai() }

var shanghai = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
})
