package httpx

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/ratelimit"
)

// Limits are the per-address allowances of what anyone may do without
// signing in (docs/security.md, "Rate limits"). A zero rule is off.
type Limits struct {
	// Intake meters anonymous orders, shared by the /report form,
	// POST /api/v1/orders and Open311 POST requests.
	Intake ratelimit.Rule
	// SignIn meters sign-in attempts, page and API alike. It guards the
	// password hashing against floods; failed sign-ins are also counted
	// in the store, per account and address (auth.Policy).
	SignIn ratelimit.Rule
	// TrackFailures meters public tracking lookups that found nothing
	// (wrong number or digits), page and API alike.
	TrackFailures ratelimit.Rule
}

// DefaultLimits are generous enough for a housing estate or an office
// behind one address, and stop a script at once: 500 orders in a second
// become 30, a digit-guessing run stops after 20 misses.
func DefaultLimits() Limits {
	return Limits{
		Intake:        ratelimit.Rule{Events: 30, Per: time.Hour},
		SignIn:        ratelimit.Rule{Events: 60, Per: 5 * time.Minute},
		TrackFailures: ratelimit.Rule{Events: 20, Per: 10 * time.Minute},
	}
}

// Throttle applies Limits to requests, keyed by ratelimit.AddressKey of
// ClientIP. A nil *Throttle lets everything pass.
type Throttle struct {
	intake, signIn, track *ratelimit.Limiter
	now                   func() time.Time
}

// NewThrottle makes the limiters once, so every HTTP layer shares them;
// now is the clock (nil means time.Now).
func NewThrottle(l Limits, now func() time.Time) *Throttle {
	if now == nil {
		now = time.Now
	}
	return &Throttle{intake: ratelimit.New(l.Intake), signIn: ratelimit.New(l.SignIn),
		track: ratelimit.New(l.TrackFailures), now: now}
}

func key(r *http.Request) string { return ratelimit.AddressKey(ClientIP(r)) }

// Intake spends one anonymous order of the client's allowance; false says
// to refuse and how long to wait.
func (t *Throttle) Intake(r *http.Request) (ok bool, retryAfter time.Duration) {
	if t == nil {
		return true, 0
	}
	return t.intake.Allow(key(r), t.now())
}

// SignIn spends one sign-in attempt of the client's allowance.
func (t *Throttle) SignIn(r *http.Request) (ok bool, retryAfter time.Duration) {
	if t == nil {
		return true, 0
	}
	return t.signIn.Allow(key(r), t.now())
}

// TrackWait is how long the client must wait before its next tracking
// lookup: 0 unless it has missed too often lately.
func (t *Throttle) TrackWait(r *http.Request) time.Duration {
	if t == nil {
		return 0
	}
	return t.track.Wait(key(r), t.now())
}

// TrackMissed counts a lookup that found nothing.
func (t *Throttle) TrackMissed(r *http.Request) {
	if t != nil {
		t.track.Spend(key(r), t.now())
	}
}

// SetRetryAfter writes the Retry-After header in whole seconds (at least 1).
func SetRetryAfter(w http.ResponseWriter, d time.Duration) {
	secs := int((d + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
}

// WriteTooMany answers 429 with Retry-After and the JSON error
// "too_many_requests", saying in English and Chinese when to come back.
func WriteTooMany(w http.ResponseWriter, d time.Duration, what string) {
	SetRetryAfter(w, d)
	secs := w.Header().Get("Retry-After")
	WriteError(w, http.StatusTooManyRequests, "too_many_requests",
		"too many "+what+" from your address; try again in "+secs+" s — 操作过于频繁，请 "+secs+" 秒后再试")
}
