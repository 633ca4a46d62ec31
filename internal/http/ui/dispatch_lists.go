package ui

import (
	"net/http"
	"slices"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// disputeRow is an order returned to the centre (退单), with the latest
// return's reason.
type disputeRow struct {
	orderRow
	Returns       int
	Reason, By    string
	ReturnedAt    string
	ReturnedAtISO string
}

// requestRow is an order whose handler asks for an extension (延期) or a
// suspension (挂起).
type requestRow struct {
	orderRow
	Kind, KindLabel string
	WorkingDays     int
	Reason, By      string
	Asked, AskedISO string
}

type disputesData struct {
	CanAct   bool
	Returned []disputeRow
	Requests []requestRow
}

// disputesLimit bounds each list of the disputes page.
const disputesLimit = 200

// dispatchDisputes is GET /dispatch/disputes: orders returned to the
// centre and extension or suspension requests awaiting a decision. The
// decisions are taken on each order's page.
func (u *UI) dispatchDisputes(w http.ResponseWriter, r *http.Request, p *httpx.Principal, canAct bool) {
	ctx := r.Context()
	a := staffActor(r, p)
	pg := u.newPage(w, r, p, "dispatch.disputes.title")
	loc := shanghaiLocation()
	d := disputesData{CanAct: canAct}

	back, err := u.o.Orders.List(ctx, a, order.Filter{Statuses: []order.Status{order.StatusPending},
		Level: category.LevelCentre, Limit: queueLimit})
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	returned := slices.DeleteFunc(back.Orders, func(o order.Order) bool { return o.Returns == 0 })
	slices.SortStableFunc(returned, func(x, y order.Order) int { return x.ResolveDueAt.Compare(y.ResolveDueAt) })
	returned = returned[:min(len(returned), disputesLimit)]
	rows, err := u.orderRows(ctx, pg.Lang, returned)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for i, o := range returned {
		row := disputeRow{orderRow: rows[i], Returns: o.Returns}
		events, err := u.o.Orders.Timeline(ctx, a, o.Number)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		for _, e := range slices.Backward(events) {
			if e.Action == order.ActionReturn {
				row.Reason, row.By = e.Note, eventActor(pg.Lang, e)
				row.ReturnedAt, row.ReturnedAtISO = e.At.In(loc).Format("01-02 15:04"), e.At.Format(time.RFC3339)
				break
			}
		}
		d.Returned = append(d.Returned, row)
	}

	asks, err := u.o.Orders.AwaitingDecision(ctx, a, disputesLimit, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	if rows, err = u.orderRows(ctx, pg.Lang, asks.Orders); err != nil {
		u.fail(w, r, p, err)
		return
	}
	for i, o := range asks.Orders {
		row := requestRow{orderRow: rows[i]}
		adj, err := u.o.Orders.Adjustments(ctx, a, o.Number)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		for _, q := range slices.Backward(adj.Requests) {
			if q.Status == order.RequestPending {
				row.Kind, row.WorkingDays, row.Reason, row.By = q.Kind, q.WorkingDays, q.Reason, q.RequestedBy
				row.KindLabel = pg.T("dispatch.request." + q.Kind)
				row.Asked, row.AskedISO = q.RequestedAt.In(loc).Format("01-02 15:04"), q.RequestedAt.Format(time.RFC3339)
				break
			}
		}
		d.Requests = append(d.Requests, row)
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "dispatch_disputes", pg)
}
