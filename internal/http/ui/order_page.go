package ui

import "net/http"

// registerOrderPages adds the routes of the staff order list, order detail and every action form — helper orders.
// TODO(scaffold): filled in by the page family's owner.
func (u *UI) registerOrderPages(mux *http.ServeMux) {}
