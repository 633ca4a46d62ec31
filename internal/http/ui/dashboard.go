package ui

import (
	"net/http"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
)

type link struct {
	Href, Label, Note string
}

type dashboardData struct {
	Duty       string       // what this role does (docs/design.md §1)
	Path       []org.Region // the user's node and its ancestors, root first
	Department *org.Department
	Counts     *regionCounts   // what lies under a node user's node
	Grids      []grid.Member   // a grid worker's grids
	Buildings  []grid.Building // buildings a 楼长 looks after
	Links      []link
	Warning    *missingYears // a missing calendar year, for admins
}

// dashboard is /home: what the signed-in user's role does, where they sit,
// and the pages they have today. It lists only pages that exist.
func (u *UI) dashboard(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	pg := u.newPage(w, r, p, "dashboard.title")
	usr := p.User
	d := dashboardData{Duty: pg.T("duty." + usr.Role)}
	if usr.NodeCode != "" {
		anc, err := org.Ancestors(ctx, u.o.DB, usr.NodeCode)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		self, err := org.GetRegion(ctx, u.o.DB, usr.NodeCode)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Path = append(anc, self)
		// Counts of what lies below, for those who look after a subtree;
		// a grid worker's scope is their grid, listed below instead.
		if prefix := p.Scope.RegionPrefix(); prefix != "" && len(prefix) <= 12 {
			c, err := u.countsUnder(r, prefix)
			if err != nil {
				u.fail(w, r, p, err)
				return
			}
			d.Counts = &c
		}
	}
	if usr.DepartmentCode != "" {
		dep, err := org.GetDepartment(ctx, u.o.DB, usr.DepartmentCode)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Department = &dep
	}
	var err error
	if d.Grids, err = grid.GridsOfUser(ctx, u.o.DB, usr.ID); err != nil {
		u.fail(w, r, p, err)
		return
	}
	roles, err := grid.BuildingRolesOfUser(ctx, u.o.DB, usr.ID)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, br := range roles {
		b, err := grid.GetBuilding(ctx, u.o.DB, br.BuildingCode)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Buildings = append(d.Buildings, b)
	}
	d.Links = deskLinks(usr.Role, pg.Lang)
	if auth.CanAdminister(usr.Role) {
		if cal := u.o.Calendar.Calendar(); cal != nil {
			d.Warning = missingYearsOf(pg.Lang, cal.MissingYears(u.now()))
		}
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "dashboard", pg)
}

// deskLinks are the role's pages (its nav without the desk itself), each
// with a line saying what it is for.
func deskLinks(role string, lang Lang) []link {
	var out []link
	for _, it := range navFor(role, lang) {
		if it.Href == "/home" {
			continue
		}
		out = append(out, link{Href: it.Href, Label: it.Label, Note: lang.T("dashboard.link." + it.Key)})
	}
	return out
}
