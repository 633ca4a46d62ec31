package ui

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"time"
)

// registerPortal adds the routes of the resident portal: reporting a
// problem (/report and its htmx fragments), tracking it and rating the
// result (/track), and the public measures. None needs an account; a
// signed-in member of staff sees the same pages.
func (u *UI) registerPortal(mux *http.ServeMux) {
	mux.HandleFunc("GET /report", u.portalReportPage)
	mux.HandleFunc("POST /report", u.portalReportSubmit)
	mux.HandleFunc("GET /report/suggest", u.portalSuggest)
	mux.HandleFunc("GET /report/fields", u.portalFields)
	mux.HandleFunc("GET /report/place", u.portalPlaceFragment)
	mux.HandleFunc("GET /track", u.portalTrackPage)
	mux.HandleFunc("POST /track/rate", u.portalRate)
	mux.HandleFunc("GET /track/photos/{sha}", u.publicPhoto)
	mux.HandleFunc("GET /public/measures", u.portalMeasures)
}

// portalFormKey is the idempotency key a report form carries from the moment
// it is shown, so that a double submit (or a retry after a lost answer)
// files one order.
func portalFormKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand panics rather)
	return "web-" + hex.EncodeToString(b)
}

// portalTime shows a time to residents, in Shanghai; zero is "".
func portalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(shanghaiLocation()).Format("2006-01-02 15:04")
}
