package ui

import "net/http"

// registerSupervision adds the routes of the supervision pages (/supervision) — helper dispatch.
// TODO(scaffold): filled in by the page family's owner.
func (u *UI) registerSupervision(mux *http.ServeMux) {}
