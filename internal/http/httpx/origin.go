package httpx

import "net/http"

var crossOrigin = http.NewCrossOriginProtection()

// SameOrigin refuses a browser's unsafe request sent from another site
// (Sec-Fetch-Site, else Origin against Host); requests without either
// header, from scripts and API clients, pass. Sign-in has no session and
// so no CSRF token yet: without this check another site could post its
// own credentials and sign the visitor into the attacker's account (login
// CSRF), where whatever they type is the attacker's to read.
func SameOrigin(r *http.Request) error { return crossOrigin.Check(r) }
