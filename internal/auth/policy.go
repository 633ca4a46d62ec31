package auth

import "time"

// Policy holds the sign-in and session limits. Zero fields take the
// defaults, so Policy{Idle: 10 * time.Minute} changes only the idle time.
// The package-level SignIn, SessionUser and PurgeSessions use DefaultPolicy.
//
// Failed sign-ins are counted per username and client address, and per
// address alone (see SignIn): past a threshold each further try from there
// waits, Delay at first, doubling with each failure up to Lockout.
type Policy struct {
	MaxFailures     int           // failures for one username from one address before tries wait (5)
	AddressFailures int           // failures from one address, any usernames, before tries wait (20)
	Delay           time.Duration // the first wait (30s)
	Lockout         time.Duration // the longest wait (15m)
	Idle            time.Duration // a session unused this long ends (30m)
	Absolute        time.Duration // a session ends this long after sign-in regardless (12h)
}

// DefaultPolicy returns the defaults.
func DefaultPolicy() Policy {
	return Policy{MaxFailures: 5, AddressFailures: 20, Delay: 30 * time.Second, Lockout: 15 * time.Minute,
		Idle: 30 * time.Minute, Absolute: 12 * time.Hour}
}

func (p Policy) withDefaults() Policy {
	d := DefaultPolicy()
	if p.MaxFailures <= 0 {
		p.MaxFailures = d.MaxFailures
	}
	if p.AddressFailures <= 0 {
		p.AddressFailures = d.AddressFailures
	}
	if p.Delay <= 0 {
		p.Delay = d.Delay
	}
	if p.Lockout <= 0 {
		p.Lockout = d.Lockout
	}
	p.Lockout = max(p.Lockout, p.Delay)
	if p.Idle <= 0 {
		p.Idle = d.Idle
	}
	if p.Absolute <= 0 {
		p.Absolute = d.Absolute
	}
	return p
}

// wait is how long tries wait after the n-th failure when threshold
// failures start the waiting: nothing before, then Delay doubling up to
// Lockout.
func (p Policy) wait(n, threshold int) time.Duration {
	if n < threshold {
		return 0
	}
	d := p.Delay
	for i := threshold; i < n && d < p.Lockout; i++ {
		d *= 2
	}
	return min(d, p.Lockout)
}

// touchEvery is how stale last_seen_at / last_used_at may get before a
// request writes it: one write a minute per session, not one per request.
const touchEvery = time.Minute
