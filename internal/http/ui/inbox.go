package ui

import (
	"net/http"
	"slices"

	"civicgrid/internal/category"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// registerInbox adds the routes of the handler inbox (/inbox): what a
// street, community, grid or department has to do now — sign, handle,
// co-handle, report in when summoned and, for a street, the deadline
// requests of its handlers.
func (u *UI) registerInbox(mux *http.ServeMux) {
	mux.HandleFunc("GET /inbox", u.inboxOnly(u.inboxPage))
	mux.HandleFunc("POST /inbox/summons/{id}/report-in", u.inboxOnly(u.inboxReportIn))
}

// inboxOnly is signedIn plus a handler role; others get the 403 page.
func (u *UI) inboxOnly(h handler) http.HandlerFunc {
	return u.signedIn(func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		if !staffActor(r, p).HandlesOrders() {
			u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
			return
		}
		h(w, r, p)
	})
}

// inboxScan bounds each list; an inbox longer than this is a backlog for
// the order list's filters, not for one page.
const inboxScan = 200

// inboxData is what inbox.html shows.
type inboxData struct {
	Department bool // shows 协办
	Street     bool // shows 待审批
	Sign       []orderRow
	Doing      []orderRow
	CoHandle   []inboxCoRow
	Summons    []inboxSummonsRow
	Awaiting   []inboxAwaitingRow
	Strip      []inboxCount
	Flash      string // after a report-in
	Error      string
	ReportIn   map[int64]inboxReportForm // typed notes kept on an error
}

type inboxCount struct {
	ID, Label string
	N         int
	Alert     bool // something overdue in it
}

func (u *UI) inboxPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	pg := u.newPage(w, r, p, "inbox.title")
	d := &inboxData{}
	if r.URL.Query().Get("reported") != "" {
		d.Flash = pg.T("inbox.reported")
	}
	u.renderInbox(w, r, p, pg, http.StatusOK, d)
}

func (u *UI) renderInbox(w http.ResponseWriter, r *http.Request, p *httpx.Principal, pg *page, status int, d *inboxData) {
	ctx := r.Context()
	lang := pg.Lang
	a := order.StaffActor(p.User, p.Scope, httpx.ClientIP(r))
	level := a.HandlerLevel()
	d.Department, d.Street = level == category.LevelDepartment, level == category.LevelStreet

	mine := func(statuses ...order.Status) ([]order.Order, error) {
		f := order.Filter{Statuses: statuses, Level: level, Limit: inboxScan}
		if d.Department {
			f.HandlerCode = p.Scope.DepartmentCode()
		}
		page, err := u.o.Orders.List(ctx, a, f)
		if err != nil {
			return nil, err
		}
		// A region user sees orders located in their area; they handle
		// those whose handler is in it too.
		return slices.DeleteFunc(page.Orders, func(o order.Order) bool {
			return !d.Department && !p.Scope.CoversRegion(o.HandlerCode)
		}), nil
	}
	sign, err := mine(order.StatusDispatched)
	if err == nil {
		d.Sign, err = u.orderRows(ctx, lang, sign)
	}
	var doing []order.Order
	if err == nil {
		doing, err = mine(order.StatusProcessing, order.StatusSuspended)
	}
	if err == nil {
		slices.SortStableFunc(doing, func(x, y order.Order) int { return x.ResolveDueAt.Compare(y.ResolveDueAt) })
		d.Doing, err = u.orderRows(ctx, lang, doing)
	}
	if err == nil && d.Department {
		d.CoHandle, err = u.inboxCoHandling(r, a, p.Scope.DepartmentCode(), lang)
	}
	if err == nil {
		d.Summons, err = u.inboxSummons(r, a, p, lang, d.ReportIn)
	}
	if err == nil && d.Street {
		d.Awaiting, err = u.inboxAwaiting(r, a, lang)
	}
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d.Strip = inboxStrip(lang, d)
	pg.D = d
	u.render(w, r, status, "inbox", pg)
}

func anyOverdue(rows []orderRow) bool {
	return slices.ContainsFunc(rows, func(r orderRow) bool { return r.Overdue })
}

// inboxStrip is the summary at the top: one count per section.
func inboxStrip(lang Lang, d *inboxData) []inboxCount {
	out := []inboxCount{
		{ID: "inbox-sign", Label: lang.T("inbox.sign"), N: len(d.Sign), Alert: anyOverdue(d.Sign)},
		{ID: "inbox-doing", Label: lang.T("inbox.doing"), N: len(d.Doing), Alert: anyOverdue(d.Doing)},
	}
	if d.Department {
		out = append(out, inboxCount{ID: "inbox-cohandle", Label: lang.T("inbox.cohandle"), N: len(d.CoHandle)})
	}
	late := slices.ContainsFunc(d.Summons, func(s inboxSummonsRow) bool { return s.Late })
	out = append(out, inboxCount{ID: "inbox-summons", Label: lang.T("inbox.summons"), N: len(d.Summons), Alert: late})
	if d.Street {
		out = append(out, inboxCount{ID: "inbox-awaiting", Label: lang.T("inbox.awaiting"), N: len(d.Awaiting)})
	}
	return out
}

// inboxCoRow is an order the department co-handles, with its part.
type inboxCoRow struct {
	Row             orderRow
	Signed, Replied bool
	SignedAt        string
}

// inboxCoHandling lists the open orders dept co-handles (协办), soonest
// due first, with whether it has signed and replied.
func (u *UI) inboxCoHandling(r *http.Request, a order.Actor, dept string, lang Lang) ([]inboxCoRow, error) {
	ctx := r.Context()
	page, err := u.o.Orders.List(ctx, a, order.Filter{Limit: inboxScan,
		Statuses: []order.Status{order.StatusDispatched, order.StatusProcessing, order.StatusSuspended}})
	if err != nil {
		return nil, err
	}
	co := slices.DeleteFunc(page.Orders, func(o order.Order) bool {
		lead := o.Level == category.LevelDepartment && o.HandlerCode == dept
		return lead || !slices.Contains(o.CoHandlers, dept)
	})
	slices.SortStableFunc(co, func(x, y order.Order) int { return x.ResolveDueAt.Compare(y.ResolveDueAt) })
	rows, err := u.orderRows(ctx, lang, co)
	if err != nil {
		return nil, err
	}
	out := make([]inboxCoRow, len(co))
	loc := shanghaiLocation()
	for i, o := range co {
		out[i].Row = rows[i]
		parts, err := u.o.Orders.CoHandling(ctx, a, o.Number)
		if err != nil {
			return nil, err
		}
		for _, c := range parts {
			if c.Department != dept {
				continue
			}
			if out[i].Signed = !c.SignedAt.IsZero(); out[i].Signed {
				out[i].SignedAt = c.SignedAt.In(loc).Format("01-02 15:04")
			}
			out[i].Replied = !c.RepliedAt.IsZero()
		}
	}
	return out, nil
}

// inboxAwaitingRow is an order with an extension or suspension request
// waiting for a decision.
type inboxAwaitingRow struct {
	Row                       orderRow
	Kind, Reason, RequestedBy string
	Days                      int
	RequestedAt               string
}

func (u *UI) inboxAwaiting(r *http.Request, a order.Actor, lang Lang) ([]inboxAwaitingRow, error) {
	ctx := r.Context()
	page, err := u.o.Orders.AwaitingDecision(ctx, a, inboxScan, 0)
	if err != nil {
		return nil, err
	}
	rows, err := u.orderRows(ctx, lang, page.Orders)
	if err != nil {
		return nil, err
	}
	out := make([]inboxAwaitingRow, len(rows))
	loc := shanghaiLocation()
	for i, o := range page.Orders {
		out[i].Row = rows[i]
		adj, err := u.o.Orders.Adjustments(ctx, a, o.Number)
		if err != nil {
			return nil, err
		}
		for _, q := range adj.Requests {
			if q.Status != order.RequestPending {
				continue
			}
			out[i].Kind = lang.T("inbox.request.extension")
			if q.Kind == order.RequestSuspension {
				out[i].Kind = lang.T("inbox.request.suspension")
			}
			out[i].Reason, out[i].RequestedBy, out[i].Days = q.Reason, q.RequestedBy, q.WorkingDays
			out[i].RequestedAt = q.RequestedAt.In(loc).Format("01-02 15:04")
		}
	}
	return out, nil
}
