package ui

import "net/http"

// registerInbox adds the routes of the handler inbox (/inbox) — helper console.
// TODO(scaffold): filled in by the page family's owner.
func (u *UI) registerInbox(mux *http.ServeMux) {}
