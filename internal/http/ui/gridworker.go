package ui

import "net/http"

// registerGridWorker adds the routes of the grid worker mobile pages (/grid) — helper measures.
// TODO(scaffold): filled in by the page family's owner.
func (u *UI) registerGridWorker(mux *http.ServeMux) {}
