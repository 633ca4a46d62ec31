package ui

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/org"
)

// portalPlace is what the report form says about the pin: the grid,
// community and street it lies in, or why it cannot be used.
type portalPlace struct {
	Pinned    bool
	Lat, Lng  string
	Invalid   bool // coordinates that are no WGS84 point
	Outside   bool // in no grid of the deployment
	GridCode  string
	Grid      string
	Community string
	Street    string
}

// portalParsePin reads a pin's coordinates; ok is false for anything that is
// not a WGS84 point (empty is "no pin", not an error).
func portalParsePin(lat, lng string) (latF, lngF float64, pinned, ok bool) {
	lat, lng = strings.TrimSpace(lat), strings.TrimSpace(lng)
	if lat == "" && lng == "" {
		return 0, 0, false, true
	}
	latF, errLat := strconv.ParseFloat(lat, 64)
	lngF, errLng := strconv.ParseFloat(lng, 64)
	if errLat != nil || errLng != nil || geo.ValidLngLat(lngF, latF) != nil {
		return 0, 0, true, false
	}
	return latF, lngF, true, true
}

// place finds where a pin lies, as the engine will when the order is
// filed (the same Locator).
func (u *UI) portalLocate(ctx context.Context, lat, lng string) (portalPlace, error) {
	v := portalPlace{Lat: lat, Lng: lng}
	latF, lngF, pinned, ok := portalParsePin(lat, lng)
	v.Pinned = pinned
	switch {
	case !pinned:
		return v, nil
	case !ok:
		v.Invalid = true
		return v, nil
	}
	code, found := u.o.Locator.Locate(lngF, latF)
	if !found {
		v.Outside = true
		return v, nil
	}
	g, err := grid.Get(ctx, u.o.DB, code)
	if err != nil {
		return v, err
	}
	v.GridCode, v.Grid = g.Code, g.Name
	if reg, err := org.GetRegion(ctx, u.o.DB, g.CommunityCode); err == nil {
		v.Community = reg.Name
	}
	if reg, err := org.GetRegion(ctx, u.o.DB, g.CommunityCode[:9]); err == nil {
		v.Street = reg.Name
	}
	return v, nil
}

// reportPlace answers GET /report/place?lat=…&lng=…: the grid under the
// pin, for the form to show as soon as the pin is placed or moved.
func (u *UI) portalPlaceFragment(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v, err := u.portalLocate(r.Context(), q.Get("lat"), q.Get("lng"))
	if err != nil {
		u.fail(w, r, nil, err)
		return
	}
	pg := u.newPage(w, r, nil, "portal.report.title")
	pg.D = portalReportData{Place: v}
	u.renderFragment(w, r, http.StatusOK, "portal_report", "portal-place", pg)
}

// portalCommunityGroup is the communities of one street, for the address's
// community list.
type portalCommunityGroup struct {
	Street      string
	Communities []org.Region
}

// communities lists the communities and villages under the deployment's
// area, grouped by street, in code order.
func (u *UI) portalCommunities(ctx context.Context) ([]portalCommunityGroup, error) {
	area, ok := u.area.get(ctx, u.o.DB)
	if !ok {
		return nil, nil
	}
	var out []portalCommunityGroup
	var walk func(parent org.Region, depth int) error
	walk = func(parent org.Region, depth int) error {
		kids, err := org.Children(ctx, u.o.DB, parent.Code)
		if err != nil {
			return err
		}
		var leaves []org.Region
		for _, k := range kids {
			if k.Level == org.LevelCommunity || k.Level == org.LevelVillage {
				leaves = append(leaves, k)
			} else if depth < 3 {
				if err := walk(k, depth+1); err != nil {
					return err
				}
			}
		}
		if len(leaves) > 0 {
			out = append(out, portalCommunityGroup{Street: parent.Name, Communities: leaves})
		}
		return nil
	}
	return out, walk(area, 0)
}
