package ui

import (
	"net/http"

	"civicgrid/internal/http/httpx"
)

// publicLimited applies the anonymous intake limit to a resident's post
// (a report, a wish, a proposal, a check-in): past the limit it sets
// Retry-After and returns the sentence under key (with the minutes to
// wait) for the page to show with 429. Signed-in staff are not limited
// here.
func (u *UI) publicLimited(w http.ResponseWriter, r *http.Request, key string) (string, bool) {
	if httpx.PrincipalFrom(r.Context()) != nil {
		return "", false
	}
	ok, wait := u.o.Throttle.Intake(r)
	if ok {
		return "", false
	}
	httpx.SetRetryAfter(w, wait)
	return langOf(w, r).Tf(key, minutes(wait)), true
}
