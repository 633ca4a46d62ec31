package apikey

import (
	"math"
	"sync"
	"time"
)

// DefaultPerMinute is the request rate a key gets when none is configured.
const DefaultPerMinute = 60

// Limiter meters requests per key with a token bucket: a key may burst up
// to its rate per minute at once, then one request per 60/rate seconds.
// It lives in memory, so with several app nodes each node meters its own
// share; that bounds abuse without a shared store on every request.
type Limiter struct {
	perMinute float64
	mu        sync.Mutex
	buckets   map[int64]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewLimiter allows perMinute requests a minute per key; perMinute ≤ 0
// means DefaultPerMinute.
func NewLimiter(perMinute int) *Limiter {
	if perMinute <= 0 {
		perMinute = DefaultPerMinute
	}
	return &Limiter{perMinute: float64(perMinute), buckets: map[int64]*bucket{}}
}

// Allow takes one request from key's bucket at now. When the bucket is
// empty it returns false and how long until the next request is allowed.
func (l *Limiter) Allow(key int64, now time.Time) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, found := l.buckets[key]
	if !found {
		b = &bucket{tokens: l.perMinute, at: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = math.Min(l.perMinute, b.tokens+elapsed.Minutes()*l.perMinute)
		b.at = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.perMinute * float64(time.Minute))
	return false, wait
}
