package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
)

// MaxGridImport bounds a GeoJSON upload (a whole city's grids fit easily).
const MaxGridImport = 64 << 20

type gridJSON struct {
	Code          string          `json:"code"`
	CommunityCode string          `json:"community_code"`
	Seq           int             `json:"seq"`
	Name          string          `json:"name"`
	Bound         [4]float64      `json:"bbox"`
	Geometry      json.RawMessage `json:"geometry,omitempty"`
	Version       int             `json:"version"`
}

func toGridJSON(g grid.Grid, withGeometry bool) (gridJSON, error) {
	out := gridJSON{Code: g.Code, CommunityCode: g.CommunityCode, Seq: g.Seq, Name: g.Name, Version: g.Version,
		Bound: [4]float64{g.Bound.Min.Lon(), g.Bound.Min.Lat(), g.Bound.Max.Lon(), g.Bound.Max.Lat()}}
	if withGeometry {
		raw, err := geo.MarshalGeometry(g.Geometry)
		if err != nil {
			return gridJSON{}, err
		}
		out.Geometry = raw
	}
	return out, nil
}

// listGrids lists grids under ?under= (default: the caller's scope).
func (a *API) listGrids(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	under := r.URL.Query().Get("under")
	if under == "" {
		under = p.Scope.RegionPrefix()
	}
	if !p.Scope.CoversRegion(under) {
		notFound(w, "region "+under)
		return
	}
	limit, offset, err := paging(r, 200, 5000)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	withGeometry := r.URL.Query().Get("geometry") == "1"
	ctx := r.Context()
	grids, err := grid.List(ctx, a.DB, under, limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	total, err := grid.Count(ctx, a.DB, under)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]gridJSON, 0, len(grids))
	for _, g := range grids {
		j, err := toGridJSON(g, withGeometry)
		if err != nil {
			fail(w, r, err)
			return
		}
		out = append(out, j)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"grids": out, "total": total, "limit": limit, "offset": offset})
}

// scopedGrid loads the grid in the path, or answers 404 when it does not
// exist or lies outside the caller's scope.
func (a *API) scopedGrid(w http.ResponseWriter, r *http.Request, p *httpx.Principal) (grid.Grid, bool) {
	code := r.PathValue("code")
	if !p.Scope.CoversRegion(code) {
		notFound(w, "grid "+code)
		return grid.Grid{}, false
	}
	g, err := grid.Get(r.Context(), a.DB, code)
	if err != nil {
		fail(w, r, err)
		return grid.Grid{}, false
	}
	return g, true
}

func (a *API) getGrid(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	g, ok := a.scopedGrid(w, r, p)
	if !ok {
		return
	}
	j, err := toGridJSON(g, true)
	if err != nil {
		fail(w, r, err)
		return
	}
	members, err := grid.Members(r.Context(), a.DB, g.Code)
	if err != nil {
		fail(w, r, err)
		return
	}
	type memberJSON struct {
		UserID int64  `json:"user_id"`
		Role   string `json:"role"`
	}
	ms := make([]memberJSON, 0, len(members))
	for _, m := range members {
		ms = append(ms, memberJSON{m.UserID, m.Role})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"grid": j, "members": ms})
}

func (a *API) gridBuildings(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	g, ok := a.scopedGrid(w, r, p)
	if !ok {
		return
	}
	ctx := r.Context()
	bs, err := grid.ListBuildings(ctx, a.DB, g.Code)
	if err != nil {
		fail(w, r, err)
		return
	}
	type unitJSON struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	type buildingJSON struct {
		Code    string     `json:"code"`
		Name    string     `json:"name"`
		Address string     `json:"address"`
		Lng     *float64   `json:"lng,omitempty"`
		Lat     *float64   `json:"lat,omitempty"`
		Units   []unitJSON `json:"units"`
	}
	out := make([]buildingJSON, 0, len(bs))
	for _, b := range bs {
		j := buildingJSON{Code: b.Code, Name: b.Name, Address: b.Address, Units: []unitJSON{}}
		if b.HasPoint {
			lng, lat := b.Lng, b.Lat
			j.Lng, j.Lat = &lng, &lat
		}
		units, err := grid.ListUnits(ctx, a.DB, b.Code)
		if err != nil {
			fail(w, r, err)
			return
		}
		for _, u := range units {
			j.Units = append(j.Units, unitJSON{u.Code, u.Name})
		}
		out = append(out, j)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"grid": g.Code, "buildings": out})
}

// importGrids takes a GeoJSON FeatureCollection; every community in it must
// lie in the admin's scope. The locator is rebuilt after a change.
func (a *API) importGrids(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxGridImport+1))
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "could not read the body: "+err.Error())
		return
	}
	if len(body) > MaxGridImport {
		httpx.WriteError(w, http.StatusRequestEntityTooLarge, "too_large", "the GeoJSON is larger than 64 MiB; split it by street")
		return
	}
	tol := 0.0
	if s := r.URL.Query().Get("tolerance_m2"); s != "" {
		if tol, err = strconv.ParseFloat(s, 64); err != nil || tol < 0 {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "tolerance_m2 must be a number ≥ 0")
			return
		}
	}
	features, err := geo.ParseGridFeatures(body)
	if err != nil {
		fail(w, r, err)
		return
	}
	var outside []string
	for _, f := range features {
		if !p.Scope.CoversRegion(f.CommunityCode) {
			outside = append(outside, "feature "+strconv.Itoa(f.Index)+": community "+f.CommunityCode+" is not in your part of the org tree")
		}
	}
	if len(outside) > 0 {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "nothing imported: some grids lie outside your scope", outside...)
		return
	}
	rep, err := grid.ImportAs(r.Context(), a.DB, features, grid.ImportOptions{ToleranceM2: tol,
		DryRun: r.URL.Query().Get("dry_run") == "1", Now: a.now}, actorOf(r, p))
	if err != nil {
		fail(w, r, err)
		return
	}
	if len(rep.Added)+len(rep.Updated) > 0 {
		if err := a.Locator.Rebuild(r.Context()); err != nil {
			fail(w, r, err)
			return
		}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"added": rep.Added, "updated": rep.Updated, "unchanged": len(rep.Unchanged)})
}
