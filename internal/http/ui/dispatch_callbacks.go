package ui

import (
	"errors"
	"net/http"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// callbackRow is a resolved order awaiting its callback (回访), with what
// the caller needs: whom to call, the handling result to read out, and
// the calls nobody answered so far.
type callbackRow struct {
	orderRow
	Resolved, ResolvedISO string
	Reworks               int
	Unsatisfied           bool // rated 不满意 since resolved: reopen or call back again
	// Name and Phone are masked (张**, 138****5678) until the caller
	// reveals them for the callback (Revealed); Hidden: no contact given.
	Name, Phone       string
	Revealed, NoPhone bool
	Result            string // the handler's note at the latest resolution
	Attempts          int    // calls since the resolution nobody answered (未接通)
	Retry, RetryISO   string // when to try again
	Later             bool   // the retry time has not come yet
	// Check is the reply and what the reply check found in it.
	Check *replyCheckView
}

type callbacksData struct {
	CanAct    bool
	Desk      bool // the user may open the rest of the board (order.DeskOf; not an operator)
	Rows      []callbackRow
	Outcomes  []option
	Total     int
	Truncated bool
	Alert     string
}

// dispatchCallbacks is GET /dispatch/callbacks: resolved orders, those
// rated 不满意 (by a resident on the tracking page, or at a callback)
// first and flagged, then the longest waiting, and those waiting for a
// retry after an unanswered call last; each with its outcome form.
func (u *UI) dispatchCallbacks(w http.ResponseWriter, r *http.Request, p *httpx.Principal, canAct bool) {
	u.renderCallbacks(w, r, p, canAct, http.StatusOK, "", order.Reporter{}, "")
}

// callbackReveal is POST /dispatch/callbacks/{number}/reveal: the
// reporter's name and phone in full on the list, to dial, with the
// callback purpose written to the audit log by the engine. The answer is
// the list itself (never a redirect: the phone must not end up in a URL
// or be replayed by a reload).
func (u *UI) callbackReveal(w http.ResponseWriter, r *http.Request, p *httpx.Principal, canAct bool) {
	if !canAct {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	number := r.PathValue("number")
	rep, err := u.o.Orders.RevealForCallback(r.Context(), orderActor(r, p), number)
	switch {
	case err == nil:
		u.renderCallbacks(w, r, p, canAct, http.StatusOK, number, rep, "")
	case errors.Is(err, order.ErrNotFound):
		u.notFound(w, r)
	case errors.Is(err, order.ErrForbidden):
		u.renderCallbacks(w, r, p, canAct, http.StatusForbidden, "", order.Reporter{}, "order.reveal.forbidden")
	default:
		u.fail(w, r, p, err)
	}
}

// renderCallbacks draws the list; revealed names the one row whose
// reporter rep is shown in full.
func (u *UI) renderCallbacks(w http.ResponseWriter, r *http.Request, p *httpx.Principal, canAct bool, status int,
	revealed string, rep order.Reporter, alert string) {
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
	results, err := u.o.Orders.ResolutionNotes(ctx, orders)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	checks, err := u.replyChecks(ctx, pg.Lang, orders)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d := callbacksData{CanAct: canAct, Desk: order.DeskOf(staffActor(r, p)).Board, Total: page.Total, Truncated: page.Total > len(orders)}
	if alert != "" {
		d.Alert = pg.T(alert)
	}
	loc := shanghaiLocation()
	now := u.now()
	for i, o := range orders {
		row := callbackRow{orderRow: rows[i], Reworks: o.Reworks, Unsatisfied: o.AwaitsRework(),
			Resolved: o.ResolvedAt.In(loc).Format("01-02 15:04"), ResolvedISO: o.ResolvedAt.Format(time.RFC3339),
			Name: o.Reporter.Name, Phone: o.Reporter.Phone, Result: results[o.Number], Attempts: o.CallbackAttempts,
			Later: !o.CallbackDue(now), Check: checks[o.Number]}
		if o.Number == revealed {
			row.Name, row.Phone, row.Revealed = rep.Name, rep.Phone, true
		}
		row.NoPhone = row.Phone == "" || o.Reporter.Hidden
		if !o.CallbackRetryAt.IsZero() {
			row.Retry, row.RetryISO = o.CallbackRetryAt.In(loc).Format("01-02 15:04"), o.CallbackRetryAt.Format(time.RFC3339)
		}
		d.Rows = append(d.Rows, row)
	}
	for _, oc := range order.CallbackOutcomes() {
		d.Outcomes = append(d.Outcomes, option{Value: string(oc), Label: pg.T("dispatch.rating." + string(oc))})
	}
	pg.D = d
	u.render(w, r, status, "dispatch_callbacks", pg)
}
