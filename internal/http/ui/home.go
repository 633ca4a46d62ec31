package ui

import (
	"net/http"

	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
)

// mapConfig is what the grid maps of the home and grid pages need (map.js);
// the "map" partial writes it into data- attributes (no inline script: the
// CSP forbids it).
type mapConfig struct {
	GeoJSON  string // URL of the grids FeatureCollection
	Mode     string // "locate" (public home) or "panel" (admin grid map)
	PanelURL string // for "panel": grid code is appended
	ColourBy string // the GeoJSON property that picks a grid's colour
}

func (u *UI) mapConfig(geojsonURL, mode, level string) mapConfig {
	return mapConfig{GeoJSON: geojsonURL, Mode: mode,
		ColourBy: colourBy(level)}
}

// colourBy tells the grids of one street (on a district map) or of one
// community (on a street's map) apart by colour: the level just below the
// region shown that still holds many grids.
func colourBy(level string) string {
	switch level {
	case org.LevelStreet, org.LevelCommunity, org.LevelVillage:
		return "community_code"
	}
	return "street_code"
}

type regionCounts struct {
	Streets, Communities, Villages, Grids int
}

// countsUnder counts what lies below a region: the descendant regions by
// level and the grids.
func (u *UI) countsUnder(r *http.Request, code string) (regionCounts, error) {
	ctx := r.Context()
	byLevel, err := org.ChildCounts(ctx, u.o.DB, code)
	if err != nil {
		return regionCounts{}, err
	}
	grids, err := grid.Count(ctx, u.o.DB, code)
	if err != nil {
		return regionCounts{}, err
	}
	return regionCounts{Streets: byLevel[org.LevelStreet], Communities: byLevel[org.LevelCommunity],
		Villages: byLevel[org.LevelVillage], Grids: grids}, nil
}

type homeData struct {
	Has    bool // an org tree exists
	Area   org.Region
	Counts regionCounts
	Map    mapConfig
}

// home is the public front page: the district, what it is made of, and
// the map of its grids where a click tells which grid a place is in.
func (u *UI) home(w http.ResponseWriter, r *http.Request) {
	p := httpx.PrincipalFrom(r.Context())
	pg := u.newPage(w, r, p, "home.title")
	d := homeData{Map: u.mapConfig("/ui/grids.geojson", "locate", org.LevelDistrict)}
	if area, ok := u.area.get(r.Context(), u.o.DB); ok {
		d.Map.ColourBy = colourBy(area.Level)
		counts, err := u.countsUnder(r, area.Code)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Has, d.Area, d.Counts = true, area, counts
		d.Map.GeoJSON += "?under=" + area.Code
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "home", pg)
}
