// Package ratelimit meters events per key (a client address, an account)
// with token buckets held in memory: a key may spend a rule's whole
// allowance at once, then earns it back evenly over the rule's period.
//
// The buckets live in one process. With several app nodes behind a load
// balancer each node meters its own share, so a client spread over N nodes
// gets up to N times the allowance (docs/security.md, "Rate limits").
// Limits that must hold across nodes (sign-in failures, the per-order
// tracking lock) are kept in the store by their own packages.
package ratelimit

import (
	"sync"
	"time"
)

// maxKeys bounds memory: past it, buckets that have filled up again are
// forgotten (a full bucket is the same as no bucket).
const maxKeys = 100_000

// Limiter meters one rule over many keys. The zero value is not usable;
// call New. A Limiter is safe for concurrent use.
type Limiter struct {
	rule    Rule
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// New makes a limiter for rule. A rule that is Off lets everything pass.
func New(rule Rule) *Limiter {
	return &Limiter{rule: rule, buckets: map[string]*bucket{}}
}

// Rule returns the limiter's rule.
func (l *Limiter) Rule() Rule { return l.rule }

// Allow spends one event of key's allowance at now. When none is left it
// spends nothing and says how long until one is.
func (l *Limiter) Allow(key string, now time.Time) (ok bool, retryAfter time.Duration) {
	if l.rule.Off() {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refill(key, now)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, l.wait(b)
}

// Wait says how long key must wait for its next event, without spending
// any: 0 when one is available now. With Spend it meters only some
// outcomes (failed sign-ins, failed lookups) while checking every try.
func (l *Limiter) Wait(key string, now time.Time) time.Duration {
	if l.rule.Off() {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		return 0
	}
	l.advance(b, now)
	if b.tokens >= 1 {
		return 0
	}
	return l.wait(b)
}

// Spend takes one event of key's allowance if any is left.
func (l *Limiter) Spend(key string, now time.Time) {
	if l.rule.Off() {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.refill(key, now); b.tokens >= 1 {
		b.tokens--
	}
}

// refill finds or makes key's bucket and brings it up to now.
func (l *Limiter) refill(key string, now time.Time) *bucket {
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxKeys {
			l.sweep(now)
		}
		b = &bucket{tokens: float64(l.rule.Events), at: now}
		l.buckets[key] = b
		return b
	}
	l.advance(b, now)
	return b
}

func (l *Limiter) advance(b *bucket, now time.Time) {
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = min(float64(l.rule.Events), b.tokens+l.perNanosecond()*float64(elapsed))
		b.at = now
	}
}

func (l *Limiter) perNanosecond() float64 {
	return float64(l.rule.Events) / float64(l.rule.Per)
}

// wait is how long an empty bucket needs to earn one event, rounded up to
// a whole second: Retry-After counts in seconds.
func (l *Limiter) wait(b *bucket) time.Duration {
	d := time.Duration((1 - b.tokens) / l.perNanosecond()).Round(time.Millisecond)
	if r := d % time.Second; r != 0 {
		d += time.Second - r
	}
	return max(d, time.Second)
}

// sweep forgets the buckets that have filled up again.
func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		l.advance(b, now)
		if b.tokens >= float64(l.rule.Events) {
			delete(l.buckets, k)
		}
	}
}
