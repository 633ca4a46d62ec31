package api

import (
	"net/http"
	"strconv"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/servicepoint"
)

func (a *API) registerServicePoints(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/service-points", httpx.RequireUser(a.listServicePoints))
	mux.HandleFunc("POST /api/v1/service-points", httpx.RequireUser(a.createServicePoint))
	mux.HandleFunc("PATCH /api/v1/service-points/{id}", httpx.RequireUser(a.updateServicePoint))
	mux.HandleFunc("POST /api/v1/service-points/{id}/staff", httpx.RequireUser(a.addServicePointStaff))
	mux.HandleFunc("DELETE /api/v1/service-points/{id}/staff/{sub}", httpx.RequireUser(a.removeServicePointChild(true)))
	mux.HandleFunc("POST /api/v1/service-points/{id}/items", httpx.RequireUser(a.addServicePointItem))
	mux.HandleFunc("DELETE /api/v1/service-points/{id}/items/{sub}", httpx.RequireUser(a.removeServicePointChild(false)))
	mux.HandleFunc("GET /api/v1/public/service-points", a.publicServicePoints)
}

func pointActor(r *http.Request, p *httpx.Principal) servicepoint.Actor {
	return servicepoint.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

type pointStaffJSON struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Post  string `json:"post"`
	Phone string `json:"phone,omitempty"`
	Duty  string `json:"duty,omitempty"`
}

type pointItemJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Note string `json:"note,omitempty"`
}

type pointJSON struct {
	ID            int64            `json:"id"`
	CommunityCode string           `json:"community_code"`
	CommunityName string           `json:"community_name"`
	Kind          string           `json:"kind"`
	Name          string           `json:"name"`
	Address       string           `json:"address,omitempty"`
	Phone         string           `json:"phone,omitempty"`
	Hours         string           `json:"hours,omitempty"`
	Version       int              `json:"version"`
	Staff         []pointStaffJSON `json:"staff"`
	Items         []pointItemJSON  `json:"services"`
}

func toPointJSON(p servicepoint.Point) pointJSON {
	out := pointJSON{ID: p.ID, CommunityCode: p.CommunityCode, CommunityName: p.CommunityName, Kind: p.Kind, Name: p.Name, Address: p.Address,
		Phone: p.Phone, Hours: p.Hours, Version: p.Version, Staff: []pointStaffJSON{}, Items: []pointItemJSON{}}
	for _, s := range p.Staff {
		out.Staff = append(out.Staff, pointStaffJSON{ID: s.ID, Name: s.Name, Post: s.Post, Phone: s.Phone, Duty: s.Duty})
	}
	for _, it := range p.Items {
		out.Items = append(out.Items, pointItemJSON{ID: it.ID, Name: it.Name, Note: it.Note})
	}
	return out
}

func writePoints(w http.ResponseWriter, ps []servicepoint.Point) {
	out := make([]pointJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, toPointJSON(p))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"service_points": out})
}

func (a *API) listServicePoints(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ps, err := a.Life.Points.List(r.Context(), pointActor(r, p))
	if err != nil {
		fail(w, r, err)
		return
	}
	writePoints(w, ps)
}

// publicServicePoints: GET /api/v1/public/service-points?community=
func (a *API) publicServicePoints(w http.ResponseWriter, r *http.Request) {
	ps, err := a.Life.Points.Public(r.Context(), r.URL.Query().Get("community"))
	if err != nil {
		fail(w, r, err)
		return
	}
	writePoints(w, ps)
}

type pointRequest struct {
	Version       int    `json:"version"`
	CommunityCode string `json:"community_code"`
	Kind          string `json:"kind"`
	Name          string `json:"name"`
	Address       string `json:"address"`
	Phone         string `json:"phone"`
	Hours         string `json:"hours"`
}

func (req pointRequest) input() servicepoint.Input {
	return servicepoint.Input{CommunityCode: req.CommunityCode, Kind: req.Kind, Name: req.Name, Address: req.Address, Phone: req.Phone, Hours: req.Hours}
}

func (a *API) createServicePoint(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req pointRequest
	if !decodeBody(w, r, &req) {
		return
	}
	pt, err := a.Life.Points.Create(r.Context(), pointActor(r, p), req.input())
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"service_point": toPointJSON(pt)})
}

func (a *API) updateServicePoint(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req pointRequest
	if !decodeBody(w, r, &req) {
		return
	}
	pt, err := a.Life.Points.Update(r.Context(), pointActor(r, p), id, req.Version, req.input())
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"service_point": toPointJSON(pt)})
}

func (a *API) addServicePointStaff(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req pointStaffJSON
	if !decodeBody(w, r, &req) {
		return
	}
	pt, err := a.Life.Points.AddStaff(r.Context(), pointActor(r, p), id, servicepoint.Staff{Name: req.Name, Post: req.Post, Phone: req.Phone, Duty: req.Duty})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"service_point": toPointJSON(pt)})
}

func (a *API) addServicePointItem(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req pointItemJSON
	if !decodeBody(w, r, &req) {
		return
	}
	pt, err := a.Life.Points.AddItem(r.Context(), pointActor(r, p), id, servicepoint.Item{Name: req.Name, Note: req.Note})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"service_point": toPointJSON(pt)})
}

func (a *API) removeServicePointChild(staff bool) func(http.ResponseWriter, *http.Request, *httpx.Principal) {
	return func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		id, ok := pathID(w, r)
		if !ok {
			return
		}
		sub, err := strconv.ParseInt(r.PathValue("sub"), 10, 64)
		if err != nil {
			httpx.WriteError(w, http.StatusNotFound, "not_found", "no such entry")
			return
		}
		var pt servicepoint.Point
		if staff {
			pt, err = a.Life.Points.RemoveStaff(r.Context(), pointActor(r, p), id, sub)
		} else {
			pt, err = a.Life.Points.RemoveItem(r.Context(), pointActor(r, p), id, sub)
		}
		if err != nil {
			fail(w, r, err)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"service_point": toPointJSON(pt)})
	}
}
