package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"civicgrid/internal/address"
	"civicgrid/internal/http/httpx"
)

type houseJSON struct {
	ID            int64  `json:"id"`
	AddressID     int64  `json:"address_id"`
	Address       string `json:"address"`
	BuildingCode  string `json:"building_code"`
	GridCode      string `json:"grid_code"`
	CommunityCode string `json:"community_code"`
	Use           string `json:"use"`
	AreaM2        string `json:"area_m2"` // exact decimal, e.g. "89.50"
	TenantCount   int    `json:"tenant_count"`
	LeaseStart    string `json:"lease_start,omitempty"`
	LeaseEnd      string `json:"lease_end,omitempty"`
	Version       int    `json:"version"`
	Retired       bool   `json:"retired"`
}

func toHouseJSON(h address.House) houseJSON {
	return houseJSON{ID: h.ID, AddressID: h.AddressID, Address: h.AddressText, BuildingCode: h.BuildingCode, GridCode: h.GridCode,
		CommunityCode: h.CommunityCode, Use: h.Use, AreaM2: address.FormatArea(h.AreaDM2), TenantCount: h.TenantCount,
		LeaseStart: h.LeaseStart, LeaseEnd: h.LeaseEnd, Version: h.Version, Retired: h.Retired}
}

// houseRequest takes area_m2 as a JSON number or string ("89.5"); it is
// read as a decimal, never through a float.
type houseRequest struct {
	Version     int         `json:"version"`
	AddressID   int64       `json:"address_id"`
	Use         string      `json:"use"`
	AreaM2      json.Number `json:"area_m2"`
	TenantCount int         `json:"tenant_count"`
	LeaseStart  string      `json:"lease_start"`
	LeaseEnd    string      `json:"lease_end"`
}

func (req houseRequest) input() (address.HouseInput, error) {
	area, err := address.ParseArea(req.AreaM2.String())
	return address.HouseInput{AddressID: req.AddressID, Use: req.Use, AreaDM2: area, TenantCount: req.TenantCount,
		LeaseStart: req.LeaseStart, LeaseEnd: req.LeaseEnd}, err
}

func (a *API) createHouse(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req houseRequest
	if !decodeBody(w, r, &req) {
		return
	}
	in, err := req.input()
	if err != nil {
		fail(w, r, err)
		return
	}
	h, err := address.CreateHouse(r.Context(), a.DB, a.editorOf(r, p), in)
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/houses/"+strconv.FormatInt(h.ID, 10))
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"house": toHouseJSON(h)})
}

func (a *API) getHouse(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	h, err := address.GetHouse(r.Context(), a.DB, p.Scope, id)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"house": toHouseJSON(h)})
}

func (a *API) listHouses(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	limit, offset, err := paging(r, 200, address.MaxList)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	q := r.URL.Query()
	hs, err := address.ListHouses(r.Context(), a.DB, p.Scope, address.HouseFilter{Under: q.Get("under"),
		BuildingCode: q.Get("building_code"), Use: q.Get("use")}, limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]houseJSON, 0, len(hs))
	for _, h := range hs {
		out = append(out, toHouseJSON(h))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"houses": out, "limit": limit, "offset": offset})
}

func (a *API) updateHouse(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req houseRequest
	if !decodeBody(w, r, &req) {
		return
	}
	in, err := req.input()
	if err != nil {
		fail(w, r, err)
		return
	}
	h, err := address.UpdateHouse(r.Context(), a.DB, a.editorOf(r, p), id, req.Version, in)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"house": toHouseJSON(h)})
}

func (a *API) retireHouse(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req versionRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if err := address.RetireHouse(r.Context(), a.DB, a.editorOf(r, p), id, req.Version); err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
