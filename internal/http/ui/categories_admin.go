package ui

import "net/http"

// registerCategoriesAdmin adds the routes of the admin category catalogue (/admin/categories) — helper measures.
// TODO(scaffold): filled in by the page family's owner.
func (u *UI) registerCategoriesAdmin(mux *http.ServeMux) {}
