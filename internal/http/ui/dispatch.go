package ui

import (
	"cmp"
	"context"
	"net/http"
	"slices"

	"civicgrid/internal/category"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/org"
)

// registerDispatch adds the routes of the dispatch board (/dispatch): the
// queue at the command centre with its load map, the disputes and
// requests awaiting a decision, and the callbacks (回访) to make. The
// forms post to the order pages' action routes (/orders/{number}/…).
func (u *UI) registerDispatch(mux *http.ServeMux) {
	mux.HandleFunc("GET /dispatch", u.dispatchDesk(u.dispatchBoard))
	mux.HandleFunc("GET /dispatch/load.geojson", u.dispatchDesk(u.dispatchLoad))
	mux.HandleFunc("GET /dispatch/disputes", u.dispatchDesk(u.dispatchDisputes))
	// Operators call residents back too (order.DeskOf), so they may use
	// that page.
	mux.HandleFunc("GET /dispatch/callbacks", u.callbackDesk(u.dispatchCallbacks))
	mux.HandleFunc("POST /dispatch/callbacks/{number}/reveal", u.callbackDesk(u.callbackReveal))
	exportRoutes(mux, "/dispatch/callbacks/export", func(h handler) http.HandlerFunc {
		return u.callbackDesk(func(w http.ResponseWriter, r *http.Request, p *httpx.Principal, _ bool) { h(w, r, p) })
	}, u.callbacksExport)
}

// deskHandler is a dispatch page; canAct says whether the user may use
// its forms (dispatchers) or only look (supervisors, leaders).
type deskHandler func(w http.ResponseWriter, r *http.Request, p *httpx.Principal, canAct bool)

// dispatchDesk lets in those who may open the board (order.DeskOf), to
// act or to look; everyone else gets the 403 page.
func (u *UI) dispatchDesk(h deskHandler) http.HandlerFunc {
	return u.desk(h, func(d order.Desk) (bool, bool) { return d.Board, d.Dispatch })
}

// callbackDesk is dispatchDesk for the callback list.
func (u *UI) callbackDesk(h deskHandler) http.HandlerFunc {
	return u.desk(h, func(d order.Desk) (bool, bool) { return d.Callbacks, d.Call })
}

func (u *UI) desk(h deskHandler, part func(order.Desk) (open, act bool)) http.HandlerFunc {
	return u.signedIn(func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		open, act := part(order.DeskOf(staffActor(r, p)))
		if !open {
			u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
			return
		}
		h(w, r, p, act)
	})
}

func staffActor(r *http.Request, p *httpx.Principal) order.Actor {
	return order.StaffActor(p.User, p.Scope, httpx.ClientIP(r))
}

// queueLimit bounds the queue read for one screen; the board says when
// more are waiting.
const queueLimit = 500

// queueStatuses are the orders waiting at the centre: new ones to accept
// and pending ones to dispatch (returned and escalated orders come back
// pending).
var queueStatuses = []order.Status{order.StatusNew, order.StatusPending}

type dispatchFilter struct {
	Category, Area, Status string
}

type dispatchCounts struct {
	Waiting, Overdue, Soon, Open, OpenOverdue int
}

// dispatchRow is a queue row with what the inline forms need.
type dispatchRow struct {
	orderRow
	Returns, Escalations   int
	CanDispatch, CanAccept bool
	Grid                   bool   // the order has a grid, so "grid" is a target
	StreetName, GridName   string // where "street" and "grid" send it
}

type dispatchBoardData struct {
	Done        *dispatchDone // what the last accept or dispatch did
	CanAct      bool
	Rows        []dispatchRow
	Filter      dispatchFilter
	Filtered    bool
	Categories  []option
	Areas       []option
	Statuses    []option
	Departments []option
	Counts      dispatchCounts
	Truncated   bool
	Map         dispatchMap
	HotTopics   []hotTopicView // 热点问题 of the orders in scope
}

type dispatchMap struct {
	GeoJSON string
}

// dispatchBoard is GET /dispatch: the queue, soonest due first, with
// counts, filters, an inline dispatch form per row and the load map.
func (u *UI) dispatchBoard(w http.ResponseWriter, r *http.Request, p *httpx.Principal, canAct bool) {
	ctx := r.Context()
	a := staffActor(r, p)
	q := r.URL.Query()
	f := dispatchFilter{Category: q.Get("category"), Area: q.Get("area"), Status: q.Get("status")}
	pg := u.newPage(w, r, p, "dispatch.title")
	lf := order.Filter{Statuses: queueStatuses, Category: f.Category, Limit: queueLimit}
	if f.Status == string(order.StatusNew) || f.Status == string(order.StatusPending) {
		lf.Statuses = []order.Status{order.Status(f.Status)}
	} else {
		f.Status = ""
	}
	areas, err := u.dispatchAreas(ctx, p)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	if slices.ContainsFunc(areas, func(o option) bool { return o.Value == f.Area }) {
		lf.Region = f.Area
	} else {
		f.Area = ""
	}
	page, err := u.o.Orders.List(ctx, a, lf)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	orders := page.Orders
	slices.SortStableFunc(orders, func(x, y order.Order) int {
		return cmp.Or(x.ResolveDueAt.Compare(y.ResolveDueAt), cmp.Compare(x.Number, y.Number))
	})
	rows, err := u.orderRows(ctx, pg.Lang, orders)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d := dispatchBoardData{CanAct: canAct, Filter: f, Filtered: f != dispatchFilter{}, Truncated: page.Total > len(orders),
		Areas: selectOptions(areas, f.Area), Map: dispatchMap{GeoJSON: "/dispatch/load.geojson"}}
	d.Counts.Waiting = page.Total
	names, err := u.orderNames(ctx, pg.Lang)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for i, o := range orders {
		row := dispatchRow{orderRow: rows[i], Returns: o.Returns, Escalations: o.Escalations, Grid: o.GridCode != "",
			CanAccept: canAct && o.Status == order.StatusNew, CanDispatch: canAct && o.Status == order.StatusPending}
		if code := o.LadderTarget(category.LevelStreet); code != "" {
			row.StreetName = names.handler(ctx, u, pg.Lang, category.LevelStreet, code)
		}
		if code := o.LadderTarget(category.LevelGrid); code != "" {
			row.GridName = names.handler(ctx, u, pg.Lang, category.LevelGrid, code)
		}
		if row.Overdue {
			d.Counts.Overdue++
		} else if row.SoonDue {
			d.Counts.Soon++
		}
		d.Rows = append(d.Rows, row)
	}
	if d.Counts.Open, d.Counts.OpenOverdue, err = u.openCounts(ctx, a); err != nil {
		u.fail(w, r, p, err)
		return
	}
	if d.Categories, err = u.leafCategories(ctx, pg.Lang, f.Category); err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, st := range queueStatuses {
		d.Statuses = append(d.Statuses, option{Value: string(st), Label: pg.T("status." + string(st)), Selected: f.Status == string(st)})
	}
	if canAct {
		if d.Departments, err = u.dispatchDepartments(ctx, p); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	d.Done = u.dispatchDoneOf(r, a, pg.Lang)
	d.HotTopics = u.hotTopicsOf(ctx, a, pg.Lang)
	pg.D = d
	u.render(w, r, http.StatusOK, "dispatch", pg)
}

// openCounts are the open orders in a's scope and how many are overdue.
func (u *UI) openCounts(ctx context.Context, a order.Actor) (open, overdue int, err error) {
	all, err := u.o.Orders.List(ctx, a, order.Filter{Statuses: []order.Status{order.StatusNew, order.StatusPending,
		order.StatusDispatched, order.StatusProcessing}, Limit: 1})
	if err != nil {
		return 0, 0, err
	}
	late, err := u.o.Orders.List(ctx, a, order.Filter{DueBefore: u.now(), Limit: 1})
	if err != nil {
		return 0, 0, err
	}
	return all.Total, late.Total, nil
}

// dispatchAreas are the children of the user's node (the streets of a
// district), for the area filter.
func (u *UI) dispatchAreas(ctx context.Context, p *httpx.Principal) ([]option, error) {
	kids, err := org.Children(ctx, u.o.DB, scopeRoot(p))
	if err != nil {
		return nil, err
	}
	out := make([]option, 0, len(kids))
	for _, k := range kids {
		out = append(out, option{Value: k.Code, Label: k.Name})
	}
	return out, nil
}

// leafCategories are the categories orders are filed under, in catalogue
// order, for the category filter.
func (u *UI) leafCategories(ctx context.Context, lang Lang, selected string) ([]option, error) {
	cats, err := category.List(ctx, u.o.DB, true)
	if err != nil {
		return nil, err
	}
	var out []option
	for _, c := range cats {
		if !c.Leaf {
			continue
		}
		out = append(out, option{Value: c.Code, Label: categoryName(c, lang), Selected: c.Code == selected})
	}
	return out, nil
}

// dispatchDepartments are the departments a dispatcher may send to: those
// serving the user's area or above it (the engine checks again).
func (u *UI) dispatchDepartments(ctx context.Context, p *httpx.Principal) ([]option, error) {
	deps, err := org.ListDepartments(ctx, u.o.DB, scopeRoot(p))
	if err != nil {
		return nil, err
	}
	out := make([]option, 0, len(deps))
	for _, d := range deps {
		out = append(out, option{Value: d.Code, Label: d.Name})
	}
	return out, nil
}

// dispatchDone is the confirmation after an accept or a dispatch from the
// board: which order, what happened, and who handles it now (the row may
// be gone from the queue: an accepted order the catalogue routes goes
// straight to its department).
type dispatchDone struct {
	Number, Message string
}

// dispatchDoneOf reads ?done=<number>&act=<action> (set by orderAction on
// success) and says what the order's state is now, or nil.
func (u *UI) dispatchDoneOf(r *http.Request, a order.Actor, lang Lang) *dispatchDone {
	q := r.URL.Query()
	number, act := q.Get("done"), q.Get("act")
	if number == "" || (act != string(order.ActionAccept) && act != string(order.ActionDispatch)) {
		return nil
	}
	o, err := u.o.Orders.Get(r.Context(), a, number)
	if err != nil {
		return nil
	}
	rows, err := u.orderRows(r.Context(), lang, []order.Order{o})
	if err != nil || len(rows) != 1 {
		return nil
	}
	row := rows[0]
	d := &dispatchDone{Number: o.Number}
	switch {
	case act == string(order.ActionDispatch):
		d.Message = lang.Tf("dispatch.done.dispatch", row.Handler, row.StatusLabel)
	case o.Status == order.StatusPending:
		d.Message = lang.T("dispatch.done.accept.pending")
	default:
		// The catalogue routed it on acceptance.
		d.Message = lang.Tf("dispatch.done.accept.routed", row.Handler, row.StatusLabel)
	}
	return d
}
