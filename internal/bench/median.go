package bench

import (
	"slices"
	"time"
)

// median of ds (the lower middle for an even count); 0 for none.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

// ms is d in milliseconds, fractions kept.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// mark says whether a target was met.
func mark(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}
