package ui

import (
	"errors"
	"net/http"

	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
)

// scopeRoot is the top of the caller's part of the tree: their node, or
// for someone whose scope is one grid, that grid's community.
func scopeRoot(p *httpx.Principal) string {
	root := p.Scope.RegionPrefix()
	if len(root) > 12 {
		root = root[:12]
	}
	return root
}

type crumb struct {
	Region org.Region
	Link   bool // in the caller's scope, so the page may be opened
}

type regionRow struct {
	Region org.Region
	Counts regionCounts
}

type gridRow struct {
	Code, Name         string
	Members, Buildings int
}

type regionData struct {
	Region      org.Region
	Crumbs      []crumb
	Counts      regionCounts
	Children    []regionRow
	Grids       []gridRow
	IsCommunity bool
}

func (u *UI) adminIndex(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	http.Redirect(w, r, "/admin/regions", http.StatusSeeOther)
}

func (u *UI) regionsIndex(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	http.Redirect(w, r, "/admin/regions/"+scopeRoot(p), http.StatusSeeOther)
}

// region shows one node of the org tree: where it sits (breadcrumb), what
// lies below it with counts, and for a community its grids.
func (u *UI) region(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	code := r.PathValue("code")
	if !p.Scope.CoversRegion(code) {
		u.notFound(w, r)
		return
	}
	ctx := r.Context()
	reg, err := org.GetRegion(ctx, u.o.DB, code)
	if errors.Is(err, org.ErrNotFound) {
		u.notFound(w, r)
		return
	} else if err != nil {
		u.fail(w, r, p, err)
		return
	}
	anc, err := org.Ancestors(ctx, u.o.DB, code)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d := regionData{Region: reg,
		IsCommunity: reg.Level == org.LevelCommunity || reg.Level == org.LevelVillage}
	for _, a := range anc {
		d.Crumbs = append(d.Crumbs, crumb{Region: a, Link: p.Scope.CoversRegion(a.Code)})
	}
	if d.Counts, err = u.countsUnder(r, code); err != nil {
		u.fail(w, r, p, err)
		return
	}
	kids, err := org.Children(ctx, u.o.DB, code)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, k := range kids {
		c, err := u.countsUnder(r, k.Code)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Children = append(d.Children, regionRow{Region: k, Counts: c})
	}
	if d.IsCommunity {
		if d.Grids, err = u.gridRows(r, code); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	pg := u.newPage(w, r, p, "regions.title")
	pg.Title = reg.Name + " · " + pg.Title
	pg.D = d
	u.render(w, r, http.StatusOK, "regions", pg)
}

// gridRows lists a community's grids with how many people and buildings
// each has.
func (u *UI) gridRows(r *http.Request, community string) ([]gridRow, error) {
	ctx := r.Context()
	grids, err := grid.List(ctx, u.o.DB, community, 0, 0)
	if err != nil {
		return nil, err
	}
	rows := make([]gridRow, 0, len(grids))
	for _, g := range grids {
		ms, err := grid.Members(ctx, u.o.DB, g.Code)
		if err != nil {
			return nil, err
		}
		bs, err := grid.ListBuildings(ctx, u.o.DB, g.Code)
		if err != nil {
			return nil, err
		}
		rows = append(rows, gridRow{Code: g.Code, Name: g.Name, Members: len(ms), Buildings: len(bs)})
	}
	return rows, nil
}
