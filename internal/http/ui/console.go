package ui

import "net/http"

// registerConsole adds the routes of the operator console (/console) — helper console.
// TODO(scaffold): filled in by the page family's owner.
func (u *UI) registerConsole(mux *http.ServeMux) {}
