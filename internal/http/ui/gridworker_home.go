package ui

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"time"

	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/report"
)

// gwTaskLimit bounds the cards on the phone; the count above says how
// many there are in all.
const gwTaskLimit = 100

// gwOpenStatuses are the statuses whose resolution clock runs.
var gwOpenStatuses = []order.Status{order.StatusNew, order.StatusPending, order.StatusDispatched, order.StatusProcessing}

type gwHomeData struct {
	Own           bool            // a building head's page: their own reports
	Buildings     []grid.Building // the buildings a building head looks after
	Grids         []grid.Member
	Tasks         []orderRow
	Open, Overdue int
	Month         string
	Measures      gwMeasures
}

// gwMeasures are this month's figures of my grids, from the report
// engine: received, done (办结), late (超期: done late or still open past
// the deadline) and found on patrol (未诉先办).
type gwMeasures struct {
	Received, Done, Late, Patrol int64
	Shown                        bool
}

func (u *UI) gwHome(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	pg := u.newPage(w, r, p, "gw.home.title")
	grids, err := grid.GridsOfUser(ctx, u.o.DB, p.User.ID)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d := gwHomeData{Grids: grids}
	actor := order.StaffActor(p.User, p.Scope, httpx.ClientIP(r))
	if actor.OwnReportsOnly() {
		u.gwOwnReports(w, r, p, pg, actor, d)
		return
	}
	var tasks []order.Order
	for _, g := range grids {
		open, err := u.o.Orders.List(ctx, actor, order.Filter{Region: g.GridCode, Statuses: gwOpenStatuses, Limit: gwTaskLimit})
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		late, err := u.o.Orders.List(ctx, actor, order.Filter{Region: g.GridCode, DueBefore: u.now(), Limit: 1})
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Open += open.Total
		d.Overdue += late.Total
		tasks = append(tasks, open.Orders...)
	}
	// Most urgent first: the earliest resolution deadline.
	sort.SliceStable(tasks, func(i, j int) bool { return tasks[i].ResolveDueAt.Before(tasks[j].ResolveDueAt) })
	if len(tasks) > gwTaskLimit {
		tasks = tasks[:gwTaskLimit]
	}
	if d.Tasks, err = u.orderRows(ctx, pg.Lang, tasks); err != nil {
		u.fail(w, r, p, err)
		return
	}
	from, to := gwMonth(u.now())
	d.Month = from.Format("2006-01")
	if d.Measures, err = u.gwMeasures(ctx, p, grids, from, to); err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "gridworker_home", pg)
}

// gwMonth is the calendar month of now in the zone the pages show.
func gwMonth(now time.Time) (from, to time.Time) {
	t := now.In(shanghaiLocation())
	from = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
	return from, from.AddDate(0, 1, 0)
}

// gwMeasures sums the month's counts of each of my grids. Direct: the
// worker wants to see the find filed a minute ago counted.
func (u *UI) gwMeasures(ctx context.Context, p *httpx.Principal, grids []grid.Member, from, to time.Time) (gwMeasures, error) {
	var m gwMeasures
	if u.o.Reports == nil || len(grids) == 0 {
		return m, nil
	}
	for _, g := range grids {
		got, err := u.o.Reports.Measures(ctx, p.Scope, report.Query{Node: g.GridCode, From: from, To: to, Direct: true})
		if errors.Is(err, report.ErrNotFound) {
			continue // a membership outside the scope: nothing to count
		}
		if err != nil {
			return m, err
		}
		c := got.Counts
		m.Received += c.Received
		m.Done += c.Resolved
		m.Late += c.ResolveDue - c.ResolvedOnTime
		m.Patrol += c.Patrol
	}
	m.Shown = true
	return m, nil
}

// gwOwnReports is /grid for a building head (楼长): the buildings they
// look after and the orders they reported, newest first (the engine shows
// a building head their own reports only), with how many are open and
// overdue.
func (u *UI) gwOwnReports(w http.ResponseWriter, r *http.Request, p *httpx.Principal, pg *page, actor order.Actor, d gwHomeData) {
	ctx := r.Context()
	d.Own = true
	var err error
	if d.Buildings, err = grid.BuildingsOfUser(ctx, u.o.DB, p.User.ID); err != nil {
		u.fail(w, r, p, err)
		return
	}
	mine, err := u.o.Orders.List(ctx, actor, order.Filter{Limit: gwTaskLimit})
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	open, err := u.o.Orders.List(ctx, actor, order.Filter{Statuses: gwOpenStatuses, Limit: 1})
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	late, err := u.o.Orders.List(ctx, actor, order.Filter{DueBefore: u.now(), Limit: 1})
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d.Open, d.Overdue = open.Total, late.Total
	if d.Tasks, err = u.orderRows(ctx, pg.Lang, mine.Orders); err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "gridworker_home", pg)
}
