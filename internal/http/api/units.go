package api

import (
	"net/http"
	"strconv"

	"civicgrid/internal/facility"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/orgunit"
)

type unitJSON struct {
	ID            int64    `json:"id"`
	Kind          string   `json:"kind"`
	KindName      string   `json:"kind_name"`
	Name          string   `json:"name"`
	CreditCode    string   `json:"credit_code,omitempty"`
	AddressID     int64    `json:"address_id"`
	Address       string   `json:"address"`
	GridCode      string   `json:"grid_code"`
	CommunityCode string   `json:"community_code"`
	Lng           *float64 `json:"lng,omitempty"`
	Lat           *float64 `json:"lat,omitempty"`
	ContactName   string   `json:"contact_name"`  // masked unless revealed
	ContactPhone  string   `json:"contact_phone"` // masked unless revealed
	Revealed      bool     `json:"revealed"`
	StaffCount    int      `json:"staff_count"`
	State         string   `json:"state"`
	Version       int      `json:"version"`
}

func toUnitJSON(u orgunit.Unit) unitJSON {
	j := unitJSON{ID: u.ID, Kind: u.Kind, KindName: orgunit.KindNames[u.Kind], Name: u.Name, CreditCode: u.CreditCode, AddressID: u.AddressID,
		Address: u.AddressText, GridCode: u.GridCode, CommunityCode: u.CommunityCode, ContactName: u.ContactName, ContactPhone: u.ContactPhone,
		Revealed: u.Revealed, StaffCount: u.StaffCount, State: u.State, Version: u.Version}
	if u.HasPoint {
		lng, lat := u.Lng, u.Lat
		j.Lng, j.Lat = &lng, &lat
	}
	return j
}

type unitRequest struct {
	Version      int    `json:"version"`
	Kind         string `json:"kind"`
	Name         string `json:"name"`
	CreditCode   string `json:"credit_code"`
	AddressID    int64  `json:"address_id"`
	Address      string `json:"address"`
	ContactName  string `json:"contact_name"`
	ContactPhone string `json:"contact_phone"`
	StaffCount   int    `json:"staff_count"`
	State        string `json:"state"`
}

func (req unitRequest) input() orgunit.Input {
	return orgunit.Input{Kind: req.Kind, Name: req.Name, CreditCode: req.CreditCode, AddressID: req.AddressID, Address: req.Address,
		ContactName: req.ContactName, ContactPhone: req.ContactPhone, StaffCount: req.StaffCount, State: req.State}
}

// listUnits: GET /api/v1/units?under=&kind=&state=&q=&limit=&offset=
func (a *API) listUnits(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	limit, offset, err := paging(r, 200, orgunit.MaxList)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	q := r.URL.Query()
	us, err := a.Units.List(r.Context(), p.Scope, orgunit.Filter{Under: q.Get("under"), Kind: q.Get("kind"), State: q.Get("state"), Q: q.Get("q")}, limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]unitJSON, 0, len(us))
	for _, u := range us {
		out = append(out, toUnitJSON(u))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"units": out, "limit": limit, "offset": offset})
}

func (a *API) getOrgUnit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	u, err := a.Units.Get(r.Context(), p.Scope, id)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"unit": toUnitJSON(u)})
}

func (a *API) createOrgUnit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req unitRequest
	if !decodeBody(w, r, &req) {
		return
	}
	u, err := a.Units.Create(r.Context(), a.editorOf(r, p), req.input())
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/units/"+strconv.FormatInt(u.ID, 10))
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"unit": toUnitJSON(u)})
}

func (a *API) updateOrgUnit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req unitRequest
	if !decodeBody(w, r, &req) {
		return
	}
	u, err := a.Units.Update(r.Context(), a.editorOf(r, p), id, req.Version, req.input())
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"unit": toUnitJSON(u)})
}

// revealUnitContact: POST /api/v1/units/{id}/reveal {"purpose": "…"} — the
// contact in full, audited.
func (a *API) revealUnitContact(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Purpose string `json:"purpose"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	u, err := a.Units.RevealContact(r.Context(), a.editorOf(r, p), id, req.Purpose)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"unit": toUnitJSON(u)})
}

type facilityJSON struct {
	ID            int64   `json:"id"`
	Code          string  `json:"code"`
	Class         string  `json:"class"`
	ClassName     string  `json:"class_name"`
	Kind          string  `json:"kind"`
	KindName      string  `json:"kind_name"`
	Name          string  `json:"name,omitempty"`
	CommunityCode string  `json:"community_code"`
	GridCode      string  `json:"grid_code"`
	Lng           float64 `json:"lng"`
	Lat           float64 `json:"lat"`
	OwnerUnitID   int64   `json:"owner_unit_id,omitempty"`
	OwnerDeptCode string  `json:"owner_department,omitempty"`
	OwnerName     string  `json:"owner_name,omitempty"`
	State         string  `json:"state"`
	Version       int     `json:"version"`
}

func toFacilityJSON(f facility.Facility) facilityJSON {
	return facilityJSON{ID: f.ID, Code: f.Code, Class: f.Class, ClassName: facility.ClassName(f.Class), Kind: f.Kind, KindName: f.KindName(),
		Name: f.Name, CommunityCode: f.CommunityCode, GridCode: f.GridCode, Lng: f.Lng, Lat: f.Lat, OwnerUnitID: f.OwnerUnitID,
		OwnerDeptCode: f.OwnerDeptCode, OwnerName: f.OwnerName, State: f.State, Version: f.Version}
}

// listFacilities: GET /api/v1/facilities?under=&class=&kind=&state=&limit=&offset=
func (a *API) listFacilities(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	limit, offset, err := paging(r, 200, facility.MaxList)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	q := r.URL.Query()
	fs, err := facility.List(r.Context(), a.DB, p.Scope, facility.Filter{Under: q.Get("under"), Class: q.Get("class"), Kind: q.Get("kind"),
		State: q.Get("state")}, limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]facilityJSON, 0, len(fs))
	for _, f := range fs {
		out = append(out, toFacilityJSON(f))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"facilities": out, "limit": limit, "offset": offset})
}

// getFacility: GET /api/v1/facilities/{code} (the code, or the id).
func (a *API) getFacility(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f, err := facility.IDOf(r.Context(), a.DB, p.Scope, r.PathValue("code"))
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"facility": toFacilityJSON(f)})
}

func (a *API) createFacility(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Kind          string   `json:"kind"`
		Name          string   `json:"name"`
		Lng           *float64 `json:"lng"`
		Lat           *float64 `json:"lat"`
		OwnerUnitID   int64    `json:"owner_unit_id"`
		OwnerDeptCode string   `json:"owner_department"`
		State         string   `json:"state"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	if req.Lng == nil || req.Lat == nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "lng and lat must be given: where the facility stands — 请给出部件位置")
		return
	}
	f, err := a.Facilities.Create(r.Context(), a.editorOf(r, p), facility.Input{Kind: req.Kind, Name: req.Name, Lng: *req.Lng, Lat: *req.Lat,
		OwnerUnitID: req.OwnerUnitID, OwnerDeptCode: req.OwnerDeptCode, State: req.State})
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/facilities/"+f.Code)
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"facility": toFacilityJSON(f)})
}

// patchFacility: PATCH /api/v1/facilities/{code} {"state": "damaged", "version": 3}
// — version 0 or absent takes the current one.
func (a *API) patchFacility(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		State   string `json:"state"`
		Version int    `json:"version"`
		// An edit of name, point and owner (all of them, as for create);
		// without "lng" the request changes the state only.
		Name            *string  `json:"name"`
		Lng             *float64 `json:"lng"`
		Lat             *float64 `json:"lat"`
		OwnerUnitID     int64    `json:"owner_unit_id"`
		OwnerDepartment string   `json:"owner_department"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	f, err := facility.IDOf(r.Context(), a.DB, p.Scope, r.PathValue("code"))
	if err != nil {
		fail(w, r, err)
		return
	}
	if req.Lng != nil || req.Lat != nil || req.Name != nil {
		if req.Lng == nil || req.Lat == nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "an edit gives both lng and lat")
			return
		}
		e := facility.Edit{Lng: *req.Lng, Lat: *req.Lat, OwnerUnitID: req.OwnerUnitID, OwnerDeptCode: req.OwnerDepartment}
		if req.Name != nil {
			e.Name = *req.Name
		}
		if req.Version == 0 {
			req.Version = f.Version
		}
		if f, err = a.Facilities.Update(r.Context(), a.editorOf(r, p), f.ID, req.Version, e); err != nil {
			fail(w, r, err)
			return
		}
		if req.State == "" {
			httpx.WriteJSON(w, http.StatusOK, map[string]any{"facility": toFacilityJSON(f)})
			return
		}
		req.Version = f.Version
	}
	f, err = a.Facilities.SetState(r.Context(), a.editorOf(r, p), f.ID, req.Version, req.State)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"facility": toFacilityJSON(f)})
}
