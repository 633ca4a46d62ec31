package ui

import "net/http"

// registerDispatch adds the routes of the dispatch board (/dispatch) — helper dispatch.
// TODO(scaffold): filled in by the page family's owner.
func (u *UI) registerDispatch(mux *http.ServeMux) {}
