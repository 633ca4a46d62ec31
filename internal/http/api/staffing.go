package api

import (
	"net/http"
	"strconv"

	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/store"
)

type postRequest struct {
	UserID   int64  `json:"user_id"`
	Role     string `json:"role"`
	Duty     string `json:"duty"`
	UnitCode string `json:"unit_code"`
}

// addGridMember: POST /api/v1/grids/{code}/members {user_id, role, duty}.
func (a *API) addGridMember(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req postRequest
	if !decodeBody(w, r, &req) {
		return
	}
	code := r.PathValue("code")
	err := a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		return grid.Appoint(r.Context(), tx, a.editorOf(r, p), code, req.UserID, req.Role, req.Duty)
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeGridMembers(w, r, code, http.StatusCreated)
}

func (a *API) removeGridMember(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	code := r.PathValue("code")
	userID, err := strconv.ParseInt(r.PathValue("user"), 10, 64)
	if err != nil {
		notFound(w, "member")
		return
	}
	err = a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		return grid.Dismiss(r.Context(), tx, a.editorOf(r, p), code, userID)
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type memberJSON struct {
	UserID      int64  `json:"user_id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	Duty        string `json:"duty"`
	UnitCode    string `json:"unit_code,omitempty"`
}

func (a *API) writeGridMembers(w http.ResponseWriter, r *http.Request, code string, status int) {
	ms, err := grid.Members(r.Context(), a.DB, code)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]memberJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, memberJSON{UserID: m.UserID, Username: m.Username, DisplayName: m.DisplayName, Role: m.Role, Duty: m.Duty})
	}
	httpx.WriteJSON(w, status, map[string]any{"grid": code, "members": out})
}

// addBuildingMember: POST /api/v1/buildings/{code}/members {user_id, role
// building|unit, unit_code, duty}.
func (a *API) addBuildingMember(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req postRequest
	if !decodeBody(w, r, &req) {
		return
	}
	code := r.PathValue("code")
	err := a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		return grid.AppointBuilding(r.Context(), tx, a.editorOf(r, p), code, req.UnitCode, req.UserID, req.Role, req.Duty)
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	ms, err := grid.BuildingMembers(r.Context(), a.DB, code)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]memberJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, memberJSON{UserID: m.UserID, Username: m.Username, DisplayName: m.DisplayName, Role: m.Role, Duty: m.Duty, UnitCode: m.UnitCode})
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"building": code, "members": out})
}

// removeBuildingMember: DELETE /api/v1/buildings/{code}/members/{user}?unit_code=
func (a *API) removeBuildingMember(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	userID, err := strconv.ParseInt(r.PathValue("user"), 10, 64)
	if err != nil {
		notFound(w, "member")
		return
	}
	err = a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		return grid.DismissBuilding(r.Context(), tx, a.editorOf(r, p), r.PathValue("code"), r.URL.Query().Get("unit_code"), userID)
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type buildingRequest struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Address  string   `json:"address"`
	EstateID int64    `json:"estate_id"`
	Lng      *float64 `json:"lng"`
	Lat      *float64 `json:"lat"`
}

func buildingOut(b grid.Building) map[string]any {
	out := map[string]any{"code": b.Code, "grid_code": b.GridCode, "name": b.Name, "address": b.Address, "retired": b.Retired}
	if b.EstateID != 0 {
		out["estate_id"] = b.EstateID
	}
	if b.HasPoint {
		out["lng"], out["lat"] = b.Lng, b.Lat
	}
	return out
}

// createBuilding: POST /api/v1/grids/{code}/buildings.
func (a *API) createBuilding(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req buildingRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if (req.Lng == nil) != (req.Lat == nil) {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "give both lng and lat, or neither")
		return
	}
	b := grid.Building{Code: req.Code, GridCode: r.PathValue("code"), Name: req.Name, Address: req.Address, EstateID: req.EstateID}
	if req.Lng != nil {
		b.Lng, b.Lat, b.HasPoint = *req.Lng, *req.Lat, true
	}
	err := a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		b, err = grid.CreateBuildingAs(r.Context(), tx, a.editorOf(r, p), b)
		return err
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"building": buildingOut(b)})
}

// updateBuilding: PATCH /api/v1/buildings/{code} replaces name, address,
// estate and point.
func (a *API) updateBuilding(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req buildingRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if (req.Lng == nil) != (req.Lat == nil) {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "give both lng and lat, or neither")
		return
	}
	e := grid.BuildingEdit{Name: req.Name, Address: req.Address, EstateID: req.EstateID}
	if req.Lng != nil {
		e.Lng, e.Lat, e.HasPoint = *req.Lng, *req.Lat, true
	}
	var b grid.Building
	err := a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		b, err = grid.UpdateBuilding(r.Context(), tx, a.editorOf(r, p), r.PathValue("code"), e)
		return err
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"building": buildingOut(b)})
}

func (a *API) retireBuilding(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	err := a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		return grid.RetireBuilding(r.Context(), tx, a.editorOf(r, p), r.PathValue("code"))
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// createUnit: POST /api/v1/buildings/{code}/units {name}.
func (a *API) createUnit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Name string `json:"name"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	var u grid.Unit
	err := a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		u, err = grid.CreateUnitAs(r.Context(), tx, a.editorOf(r, p), r.PathValue("code"), req.Name)
		return err
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"unit": map[string]any{"code": u.Code, "building_code": u.BuildingCode, "name": u.Name}})
}

func (a *API) retireUnit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	un, err := grid.GetUnit(r.Context(), a.DB, r.PathValue("unit"))
	if err != nil || un.BuildingCode != r.PathValue("code") {
		notFound(w, "unit")
		return
	}
	err = a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		return grid.RetireUnit(r.Context(), tx, a.editorOf(r, p), un.Code)
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
