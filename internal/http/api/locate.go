package api

import (
	"net/http"
	"strconv"

	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
)

// locate answers which grid, community, street and district a point lies
// in. It is public: the resident portal shows it under a map pin.
func (a *API) locate(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lat, errLat := strconv.ParseFloat(q.Get("lat"), 64)
	lng, errLng := strconv.ParseFloat(q.Get("lng"), 64)
	if errLat != nil || errLng != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "lat and lng are required decimal degrees (WGS84), e.g. ?lat=41.30&lng=123.82")
		return
	}
	if err := geo.ValidLngLat(lng, lat); err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	code, ok := a.Locator.Locate(lng, lat)
	if !ok {
		httpx.WriteError(w, http.StatusNotFound, "outside_grids", "the point lies in no grid of this deployment — 该位置不在任何网格内")
		return
	}
	ctx := r.Context()
	g, err := grid.Get(ctx, a.DB, code)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := map[string]any{"grid": map[string]string{"code": g.Code, "name": g.Name}}
	// The grid code's prefixes are its community, street and district.
	for _, lv := range []struct {
		key string
		n   int
	}{{"community", 12}, {"street", 9}, {"district", 6}} {
		if reg, err := org.GetRegion(ctx, a.DB, code[:lv.n]); err == nil {
			out[lv.key] = toRegionJSON(reg)
		}
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}
