package bench

import (
	"slices"
	"sync"
	"time"
)

// A big city's 12345 line: Beijing's takes about 66,000 contacts a day,
// with the busiest hour at three times the day's mean. cityDayShape is the
// hour-by-hour share of a day's calls (mean 1, the 09:00 hour 3): quiet at
// night, a morning peak, a smaller afternoon one.
var cityDayShape = [24]float64{
	0.25, 0.15, 0.1, 0.1, 0.1, 0.2, 0.5, 1.1, 2.0, 3.0, 2.5, 1.8,
	1.3, 1.4, 1.7, 1.6, 1.4, 1.1, 0.9, 0.8, 0.7, 0.6, 0.4, 0.3,
}

const (
	cityContactsPerDay = 66_000
	// cityPeakPerSecond is the real line's busiest hour in contacts/s:
	// 66,000 / 24 h × 3 / 3600 s ≈ 2.29.
	cityPeakPerSecond = cityContactsPerDay / 24.0 * 3 / 3600
	// cityDefaultPeakTimes is how many times that peak the compressed day
	// offers at its own peak: several times what the city sees.
	cityDefaultPeakTimes = 8
)

// cityDaySchedule spreads one day, compressed into d, of orders whose
// hourly rate follows cityDayShape with its peak hour at peak orders/s:
// the offsets from the start at which each is due, evenly within each
// compressed hour.
func cityDaySchedule(d time.Duration, peak float64) []time.Duration {
	hour := d / 24
	var out []time.Duration
	carry := 0.0
	for h, w := range cityDayShape {
		want := peak*w/3*hour.Seconds() + carry
		n := int(want)
		carry = want - float64(n)
		for i := range n {
			out = append(out, time.Duration(h)*hour+time.Duration(i)*hour/time.Duration(n))
		}
	}
	return out
}

// cityLatencies collects the latency of each request by route class.
type cityLatencies struct {
	mu sync.Mutex
	by map[string][]time.Duration
}

// The route classes reported.
const (
	classIntake = "intake"
	classStaff  = "staff action"
	classRead   = "read"
)

var cityClasses = []string{classIntake, classStaff, classRead}

func (l *cityLatencies) add(class string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.by == nil {
		l.by = map[string][]time.Duration{}
	}
	l.by[class] = append(l.by[class], d)
}

// tally is the class's latencies, sorted.
func (l *cityLatencies) tally(class string) tally {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := tally{latencies: append([]time.Duration(nil), l.by[class]...)}
	t.ops = int64(len(t.latencies))
	slices.Sort(t.latencies)
	return t
}
