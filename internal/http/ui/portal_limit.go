package ui

import (
	"sync"
	"time"
)

// Tracking by number and 4 digits can be guessed at: 10,000 tries find
// any order. A client that fails portalTrackMaxFailures times within
// portalTrackWindow is refused until its oldest failure leaves the window.
const (
	portalTrackMaxFailures = 20
	portalTrackWindow      = 10 * time.Minute
)

// portalFailLimiter counts failed lookups by client address.
type portalFailLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

// portalTrackLimiters keeps one limiter per UI (each test server has its own).
var portalTrackLimiters sync.Map // *UI → *portalFailLimiter

func (u *UI) portalTrackLimiter() *portalFailLimiter {
	l, _ := portalTrackLimiters.LoadOrStore(u, &portalFailLimiter{failures: map[string][]time.Time{}})
	return l.(*portalFailLimiter)
}

// recent drops failures older than the window and returns what is left.
func (l *portalFailLimiter) recent(client string, now time.Time) []time.Time {
	kept := l.failures[client][:0]
	for _, t := range l.failures[client] {
		if now.Sub(t) < portalTrackWindow {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(l.failures, client)
		return nil
	}
	l.failures[client] = kept
	return kept
}

// blocked reports whether client has failed too often lately.
func (l *portalFailLimiter) blocked(client string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(client, now)) >= portalTrackMaxFailures
}

// fail records a failed lookup. Old entries of other clients are swept
// now and then so the map does not grow without bound.
func (l *portalFailLimiter) fail(client string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures[client] = append(l.recent(client, now), now)
	if len(l.failures) > 10000 {
		for c := range l.failures {
			l.recent(c, now)
		}
	}
}
