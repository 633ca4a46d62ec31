package api

import "net/http"

// registerCommunityLife adds the routes of the community-life parts that
// are served (a nil service is a part left out).
func (a *API) registerCommunityLife(mux *http.ServeMux) {
	if a.Life == nil {
		return
	}
	if a.Life.Mediation != nil {
		a.registerMediation(mux)
	}
	if a.Life.Wishes != nil {
		a.registerWishes(mux)
	}
	if a.Life.Notices != nil {
		a.registerDisclosures(mux)
	}
	if a.Life.Points != nil {
		a.registerServicePoints(mux)
	}
	if a.Life.Property != nil {
		a.registerProperty(mux)
	}
	if a.Life.Deliberation != nil {
		a.registerDeliberation(mux)
	}
	if a.Life.Party != nil {
		a.registerParty(mux)
	}
	if a.Life.Volunteers != nil {
		a.registerVolunteers(mux)
	}
}
