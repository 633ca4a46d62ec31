package ui

import (
	"net/http"
	"slices"
	"time"

	"civicgrid/internal/auth"
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

// callbackRow is a resolved order awaiting its callback (回访).
type callbackRow struct {
	orderRow
	Resolved, ResolvedISO string
	Reworks               int
	Unsatisfied           bool            // rated 不满意 since resolved: reopen or call back again
	Check                 *replyCheckView // the reply and what the reply check found
}

type callbacksData struct {
	CanAct    bool
	Desk      bool // the user may open the rest of the board (not an operator)
	Rows      []callbackRow
	Ratings   []option
	Total     int
	Truncated bool
}

// dispatchCallbacks is GET /dispatch/callbacks: resolved orders, those
// rated 不满意 (by a resident on the tracking page, or at a callback)
// first and flagged, then the longest waiting, each with a rating form.
func (u *UI) dispatchCallbacks(w http.ResponseWriter, r *http.Request, p *httpx.Principal, canAct bool) {
	ctx := r.Context()
	pg := u.newPage(w, r, p, "dispatch.callbacks.title")
	page, err := u.o.Orders.CallbackQueue(ctx, staffActor(r, p), queueLimit, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	orders := page.Orders
	rows, err := u.orderRows(ctx, pg.Lang, orders)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d := callbacksData{CanAct: canAct, Desk: p.User.Role != auth.RoleOperator, Total: page.Total, Truncated: page.Total > len(orders)}
	checks, err := u.replyChecks(ctx, pg.Lang, orders)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	loc := shanghaiLocation()
	for i, o := range orders {
		d.Rows = append(d.Rows, callbackRow{orderRow: rows[i], Reworks: o.Reworks, Unsatisfied: o.AwaitsRework(),
			Resolved: o.ResolvedAt.In(loc).Format("01-02 15:04"), ResolvedISO: o.ResolvedAt.Format(time.RFC3339),
			Check: checks[o.Number]})
	}
	for _, rt := range []order.Rating{order.RatingSatisfied, order.RatingBasic, order.RatingUnsatisfied} {
		d.Ratings = append(d.Ratings, option{Value: string(rt), Label: pg.T("dispatch.rating." + string(rt))})
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "dispatch_callbacks", pg)
}
