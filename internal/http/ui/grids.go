package ui

import (
	"errors"
	"net/http"

	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
)

type gridOption struct {
	Code, Name string
	Selected   bool
}

type gridMapData struct {
	Region org.Region
	Crumbs []crumb
	Counts regionCounts
	Map    mapConfig
	Grids  []gridOption
	Panel  *gridPanel // the grid named by ?grid=, shown without JavaScript
	Import *importResult
}

type gridPanel struct {
	Code, Name        string
	Community, Street org.Region
	Members           []grid.Member
	Buildings, Units  int
	// Done and Error are catalogue keys of the last staffing outcome.
	Done, Error string
}

// gridMap is /admin/grids?under=CODE: the grids under a region on a map,
// a list of the same grids for the keyboard, and the GeoJSON import form.
func (u *UI) gridMap(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	under := r.URL.Query().Get("under")
	if under == "" {
		under = scopeRoot(p)
	}
	d, ok := u.gridMapData(w, r, p, under)
	if !ok {
		return
	}
	if code := r.URL.Query().Get("grid"); code != "" {
		panel, ok := u.loadPanel(w, r, p, code)
		if !ok {
			return
		}
		switch done := r.URL.Query().Get("done"); done {
		case "staff.added", "staff.removed":
			panel.Done = done
		}
		d.Panel = panel
		for i := range d.Grids {
			d.Grids[i].Selected = d.Grids[i].Code == code
		}
	}
	u.renderGridMap(w, r, p, http.StatusOK, d)
}

func (u *UI) renderGridMap(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d *gridMapData) {
	pg := u.newPage(w, r, p, "grids.title")
	pg.Title = d.Region.Name + " · " + pg.Title
	pg.D = d
	u.render(w, r, status, "grids", pg)
}

// gridMapData loads what the map page shows for region under, or answers
// 404 (and false) when under is outside the scope or not a region.
func (u *UI) gridMapData(w http.ResponseWriter, r *http.Request, p *httpx.Principal, under string) (*gridMapData, bool) {
	if !p.Scope.CoversRegion(under) {
		u.notFound(w, r)
		return nil, false
	}
	ctx := r.Context()
	reg, err := org.GetRegion(ctx, u.o.DB, under)
	if errors.Is(err, org.ErrNotFound) {
		u.notFound(w, r)
		return nil, false
	} else if err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	anc, err := org.Ancestors(ctx, u.o.DB, under)
	if err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	d := &gridMapData{Region: reg, Map: u.mapConfig("/ui/grids.geojson?under="+under, "panel", reg.Level)}
	d.Map.PanelURL = "/admin/grids/"
	for _, a := range anc {
		d.Crumbs = append(d.Crumbs, crumb{Region: a, Link: p.Scope.CoversRegion(a.Code)})
	}
	if d.Counts, err = u.countsUnder(r, under); err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	grids, err := grid.List(ctx, u.o.DB, under, 0, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	for _, g := range grids {
		d.Grids = append(d.Grids, gridOption{Code: g.Code, Name: g.Name})
	}
	return d, true
}

// gridDetail is /admin/grids/{code}: the panel beside the map. htmx asks
// for the fragment; a plain request (no JavaScript, a shared link) gets
// the map page with the panel open.
func (u *UI) gridDetail(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	code := r.PathValue("code")
	if r.Header.Get("HX-Request") != "true" {
		if !p.Scope.CoversRegion(code) || len(code) != 15 {
			u.notFound(w, r)
			return
		}
		http.Redirect(w, r, "/admin/grids?under="+code[:12]+"&grid="+code, http.StatusSeeOther)
		return
	}
	panel, ok := u.loadPanel(w, r, p, code)
	if !ok {
		return
	}
	pg := u.newPage(w, r, p, "grids.title")
	pg.D = &gridMapData{Panel: panel}
	u.renderFragment(w, r, http.StatusOK, "grids", "grid-panel", pg)
}

func (u *UI) loadPanel(w http.ResponseWriter, r *http.Request, p *httpx.Principal, code string) (*gridPanel, bool) {
	if !p.Scope.CoversRegion(code) {
		u.notFound(w, r)
		return nil, false
	}
	ctx := r.Context()
	g, err := grid.Get(ctx, u.o.DB, code)
	if errors.Is(err, grid.ErrNotFound) {
		u.notFound(w, r)
		return nil, false
	} else if err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	panel := &gridPanel{Code: g.Code, Name: g.Name}
	if panel.Members, err = grid.Members(ctx, u.o.DB, code); err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	bs, err := grid.ListBuildings(ctx, u.o.DB, code)
	if err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	panel.Buildings = len(bs)
	for _, b := range bs {
		units, err := grid.ListUnits(ctx, u.o.DB, b.Code)
		if err != nil {
			u.fail(w, r, p, err)
			return nil, false
		}
		panel.Units += len(units)
	}
	// The names above the grid are shown when they can be read; a missing
	// region row would be a data problem, not a reason to hide the grid.
	panel.Community, _ = org.GetRegion(ctx, u.o.DB, g.CommunityCode)
	panel.Street, _ = org.GetRegion(ctx, u.o.DB, g.CommunityCode[:9])
	return panel, true
}
