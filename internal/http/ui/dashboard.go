package ui

import (
	"net/http"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
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
	Today      *deskToday    // today's counts of the orders in the user's scope
	Mediation  *medMeasures  // the year's 人民调解 figures, for those who read them
}

// deskToday is what a desk shows first: the orders received today, open
// and overdue in the user's scope, and those waiting for the user's own
// unit to sign for.
type deskToday struct {
	Date                          string
	Received, Open, Overdue, Sign int
	SignHref                      string
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
		// a grid worker's scope is their grid, a building head's their
		// buildings, listed below instead.
		if prefix := p.Scope.RegionPrefix(); prefix != "" && len(prefix) <= 12 && !staffActor(r, p).OwnReportsOnly() {
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
	if d.Buildings, err = grid.BuildingsOfUser(ctx, u.o.DB, usr.ID); err != nil {
		u.fail(w, r, p, err)
		return
	}
	if d.Today, err = u.deskToday(r, p); err != nil {
		u.fail(w, r, p, err)
		return
	}
	if d.Mediation, err = u.dashboardMediation(r, p); err != nil {
		u.fail(w, r, p, err)
		return
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

// deskToday counts the orders of the user's scope (the engine's rule): none
// for a building head, who follows their own reports on /grid.
func (u *UI) deskToday(r *http.Request, p *httpx.Principal) (*deskToday, error) {
	a := staffActor(r, p)
	if a.OwnReportsOnly() {
		return nil, nil
	}
	ctx := r.Context()
	now := u.now().In(shanghaiLocation())
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	count := func(f order.Filter) (int, error) {
		f.Limit = 1
		page, err := u.o.Orders.List(ctx, a, f)
		return page.Total, err
	}
	t := &deskToday{Date: midnight.Format("2006-01-02")}
	var err error
	if t.Received, err = count(order.Filter{ReceivedSince: midnight}); err != nil {
		return nil, err
	}
	if t.Open, err = count(order.Filter{Statuses: gwOpenStatuses}); err != nil {
		return nil, err
	}
	if t.Overdue, err = count(order.Filter{DueBefore: u.now()}); err != nil {
		return nil, err
	}
	// A department or street: what was sent to it and waits to be signed.
	sign, ok := a.SignQueue()
	if !ok {
		return t, nil
	}
	if t.Sign, err = count(sign); err != nil {
		return nil, err
	}
	t.SignHref = "/inbox"
	return t, nil
}
