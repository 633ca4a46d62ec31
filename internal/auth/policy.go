package auth

import "time"

// Policy holds the sign-in and session limits. Zero fields take the
// defaults, so Policy{Idle: 10 * time.Minute} changes only the idle time.
// The package-level SignIn, SessionUser and PurgeSessions use DefaultPolicy.
type Policy struct {
	MaxFailures int           // consecutive failed sign-ins before lockout (5)
	Lockout     time.Duration // how long a lockout lasts (15m)
	Idle        time.Duration // a session unused this long ends (30m)
	Absolute    time.Duration // a session ends this long after sign-in regardless (12h)
}

// DefaultPolicy returns the defaults.
func DefaultPolicy() Policy {
	return Policy{MaxFailures: 5, Lockout: 15 * time.Minute, Idle: 30 * time.Minute, Absolute: 12 * time.Hour}
}

func (p Policy) withDefaults() Policy {
	d := DefaultPolicy()
	if p.MaxFailures <= 0 {
		p.MaxFailures = d.MaxFailures
	}
	if p.Lockout <= 0 {
		p.Lockout = d.Lockout
	}
	if p.Idle <= 0 {
		p.Idle = d.Idle
	}
	if p.Absolute <= 0 {
		p.Absolute = d.Absolute
	}
	return p
}

// touchEvery is how stale last_seen_at / last_used_at may get before a
// request writes it: one write a minute per session, not one per request.
const touchEvery = time.Minute
