package ui

import "net/http"

// registerMeasures adds the routes of the leader dashboards (/measures) — helper measures.
// TODO(scaffold): filled in by the page family's owner.
func (u *UI) registerMeasures(mux *http.ServeMux) {}
