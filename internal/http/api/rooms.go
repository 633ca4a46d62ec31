package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/people"
	"civicgrid/internal/store"
)

// renameUnit: PATCH /api/v1/buildings/{code}/units/{unit} {"name"}.
func (a *API) renameUnit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Name string `json:"name"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	un, err := grid.GetUnit(r.Context(), a.DB, r.PathValue("unit"))
	if err != nil || un.BuildingCode != r.PathValue("code") {
		notFound(w, "unit")
		return
	}
	err = a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		un, err = grid.RenameUnit(r.Context(), tx, a.editorOf(r, p), un.Code, req.Name)
		return err
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"unit": map[string]any{"code": un.Code, "building_code": un.BuildingCode, "name": un.Name}})
}

// addRoom: POST /api/v1/buildings/{code}/rooms — a 户室 and its house in
// one step.
func (a *API) addRoom(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		UnitCode    string      `json:"unit_code"`
		RoomNo      string      `json:"room_no"`
		Road        string      `json:"road"`
		DoorNo      string      `json:"door_no"`
		Use         string      `json:"use"`
		AreaM2      json.Number `json:"area_m2"`
		TenantCount int         `json:"tenant_count"`
		LeaseStart  string      `json:"lease_start"`
		LeaseEnd    string      `json:"lease_end"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	area, err := address.ParseArea(req.AreaM2.String())
	if err != nil {
		fail(w, r, err)
		return
	}
	in := address.NewRoom{BuildingCode: r.PathValue("code"), UnitCode: req.UnitCode, RoomNo: req.RoomNo, Road: req.Road, DoorNo: req.DoorNo,
		House: address.HouseInput{Use: req.Use, AreaDM2: area, TenantCount: req.TenantCount, LeaseStart: req.LeaseStart, LeaseEnd: req.LeaseEnd}}
	var loc address.Locator
	if a.Locator != nil {
		loc = a.Locator
	}
	var h address.House
	err = a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		h, err = address.RegisterRoom(r.Context(), tx, a.editorOf(r, p), loc, in)
		return err
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/houses/"+strconv.FormatInt(h.ID, 10))
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"house": toHouseJSON(h)})
}

// addHouseholdMember: POST /api/v1/households/{id}/members {"person_id","relation"}.
func (a *API) addHouseholdMember(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		PersonID int64  `json:"person_id"`
		Relation string `json:"relation"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	h, err := a.People.AddToHousehold(r.Context(), act, id, people.Member{PersonID: req.PersonID, Relation: req.Relation})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"household": toHouseholdJSON(h)})
}

// removeHouseholdMember: DELETE /api/v1/households/{id}/members/{person}.
func (a *API) removeHouseholdMember(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	person, err := strconv.ParseInt(r.PathValue("person"), 10, 64)
	if err != nil {
		notFound(w, "person")
		return
	}
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	if err := a.People.RemoveFromHousehold(r.Context(), act, id, person); err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
