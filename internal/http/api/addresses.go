package api

import (
	"net/http"
	"strconv"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/store"
)

type addressMatchJSON struct {
	ID            int64   `json:"id"`
	Text          string  `json:"text"`
	GridCode      string  `json:"grid_code"`
	CommunityCode string  `json:"community_code"`
	Level         string  `json:"level"`
	Score         float64 `json:"score"`
	Good          bool    `json:"good"`
}

func toMatchesJSON(ms []address.Match) []addressMatchJSON {
	out := make([]addressMatchJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, addressMatchJSON{ID: m.ID, Text: m.Text, GridCode: m.GridCode, CommunityCode: m.CommunityCode,
			Level: m.Level, Score: float64(int(m.Score*1000)) / 1000, Good: m.Good})
	}
	return out
}

type addressJSON struct {
	ID            int64    `json:"id"`
	ParentID      int64    `json:"parent_id,omitempty"`
	Level         string   `json:"level"`
	Text          string   `json:"text"`
	LocalText     string   `json:"local_text"`
	GridCode      string   `json:"grid_code"`
	CommunityCode string   `json:"community_code"`
	Road          string   `json:"road"`
	DoorNo        string   `json:"door_no"`
	EstateID      int64    `json:"estate_id,omitempty"`
	BuildingCode  string   `json:"building_code,omitempty"`
	BuildingNo    string   `json:"building_no,omitempty"`
	UnitCode      string   `json:"unit_code,omitempty"`
	UnitNo        string   `json:"unit_no,omitempty"`
	RoomNo        string   `json:"room_no,omitempty"`
	Lng           *float64 `json:"lng,omitempty"`
	Lat           *float64 `json:"lat,omitempty"`
	Version       int      `json:"version"`
	Retired       bool     `json:"retired"`
}

func toAddressJSON(a address.Address) addressJSON {
	j := addressJSON{ID: a.ID, ParentID: a.ParentID, Level: a.Level, Text: a.FullText, LocalText: a.Text, GridCode: a.GridCode,
		CommunityCode: a.CommunityCode, Road: a.Road, DoorNo: a.DoorNo, EstateID: a.EstateID, BuildingCode: a.BuildingCode,
		BuildingNo: a.BuildingNo, UnitCode: a.UnitCode, UnitNo: a.UnitNo, RoomNo: a.RoomNo, Version: a.Version, Retired: a.Retired}
	if a.HasPoint {
		lng, lat := a.Lng, a.Lat
		j.Lng, j.Lat = &lng, &lat
	}
	return j
}

type addressRequest struct {
	Version      int      `json:"version"`
	Road         string   `json:"road"`
	DoorNo       string   `json:"door_no"`
	EstateID     int64    `json:"estate_id"`
	BuildingCode string   `json:"building_code"`
	BuildingNo   string   `json:"building_no"`
	UnitCode     string   `json:"unit_code"`
	UnitNo       string   `json:"unit_no"`
	RoomNo       string   `json:"room_no"`
	GridCode     string   `json:"grid_code"`
	Lng          *float64 `json:"lng"`
	Lat          *float64 `json:"lat"`
}

func (req addressRequest) input(w http.ResponseWriter) (address.Input, bool) {
	in := address.Input{Road: req.Road, DoorNo: req.DoorNo, EstateID: req.EstateID, BuildingCode: req.BuildingCode,
		BuildingNo: req.BuildingNo, UnitCode: req.UnitCode, UnitNo: req.UnitNo, RoomNo: req.RoomNo, GridCode: req.GridCode}
	if (req.Lng == nil) != (req.Lat == nil) {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "give both lng and lat, or neither")
		return in, false
	}
	if req.Lng != nil {
		in.Lng, in.Lat, in.HasPoint = *req.Lng, *req.Lat, true
	}
	return in, true
}

// editorOf is the signed-in user changing registers, stamped by the
// server's clock.
func (a *API) editorOf(r *http.Request, p *httpx.Principal) grid.Editor {
	return grid.EditorOf(p.User, p.Scope, httpx.ClientIP(r)).WithClock(a.now)
}

func pathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		notFound(w, "record")
		return 0, false
	}
	return id, true
}

// searchAddresses: GET /api/v1/addresses/search?q=&limit= — best first,
// in the caller's scope.
func (a *API) searchAddresses(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q := r.URL.Query().Get("q")
	if q == "" {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "q must be given: the address as typed — 请输入地址")
		return
	}
	limit, _, err := paging(r, 10, address.MaxResults)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	ms, err := a.Addresses.Search(r.Context(), p.Scope, q, limit)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"addresses": toMatchesJSON(ms)})
}

func (a *API) listAddresses(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	limit, offset, err := paging(r, 200, address.MaxList)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	q := r.URL.Query()
	f := address.Filter{Under: q.Get("under"), BuildingCode: q.Get("building_code"), Level: q.Get("level")}
	if s := q.Get("parent_id"); s != "" {
		if f.ParentID, err = strconv.ParseInt(s, 10, 64); err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "parent_id must be a number")
			return
		}
	}
	as, err := address.List(r.Context(), a.DB, p.Scope, f, limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]addressJSON, 0, len(as))
	for _, x := range as {
		out = append(out, toAddressJSON(x))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"addresses": out, "limit": limit, "offset": offset})
}

func (a *API) getAddress(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	x, err := address.Get(r.Context(), a.DB, p.Scope, id)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"address": toAddressJSON(x)})
}

func (a *API) createAddress(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req addressRequest
	if !decodeBody(w, r, &req) {
		return
	}
	in, ok := req.input(w)
	if !ok {
		return
	}
	x, err := a.Addresses.Create(r.Context(), a.editorOf(r, p), in)
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/addresses/"+strconv.FormatInt(x.ID, 10))
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"address": toAddressJSON(x)})
}

func (a *API) updateAddress(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req addressRequest
	if !decodeBody(w, r, &req) {
		return
	}
	in, ok := req.input(w)
	if !ok {
		return
	}
	x, err := a.Addresses.Update(r.Context(), a.editorOf(r, p), id, req.Version, in)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"address": toAddressJSON(x)})
}

type versionRequest struct {
	Version int `json:"version"`
}

func (a *API) retireAddress(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req versionRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if err := a.Addresses.Retire(r.Context(), a.editorOf(r, p), id, req.Version); err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Estates (小区).

type estateJSON struct {
	ID            int64  `json:"id"`
	CommunityCode string `json:"community_code"`
	Name          string `json:"name"`
	Version       int    `json:"version"`
}

func (a *API) listEstates(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	es, err := address.ListEstates(r.Context(), a.DB, p.Scope, r.URL.Query().Get("community"))
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]estateJSON, 0, len(es))
	for _, e := range es {
		out = append(out, estateJSON{e.ID, e.CommunityCode, e.Name, e.Version})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"estates": out})
}

func (a *API) createEstate(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		CommunityCode string `json:"community_code"`
		Name          string `json:"name"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	var e address.Estate
	err := a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		e, err = address.CreateEstate(r.Context(), tx, a.editorOf(r, p), req.CommunityCode, req.Name)
		return err
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"estate": estateJSON{e.ID, e.CommunityCode, e.Name, e.Version}})
}

func (a *API) updateEstate(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Version int    `json:"version"`
		Name    string `json:"name"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	e, err := address.RenameEstate(r.Context(), a.DB, a.editorOf(r, p), id, req.Version, req.Name)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"estate": estateJSON{e.ID, e.CommunityCode, e.Name, e.Version}})
}

func (a *API) retireEstate(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	if err := address.RetireEstate(r.Context(), a.DB, a.editorOf(r, p), id); err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
