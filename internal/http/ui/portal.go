package ui

import "net/http"

// registerPortal adds the routes of the resident portal (/report, /track, public measures) — helper portal.
// TODO(scaffold): filled in by the page family's owner.
func (u *UI) registerPortal(mux *http.ServeMux) {}
