package ui

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/org"
)

// orderDetailData is what the order page shows.
type orderDetailData struct {
	O                                order.Order
	StatusLabel, ChannelLabel        string
	CategoryPath, Kind, Urgency      string
	Attributes                       []orderFact
	Grid, Community, Street, Handler string
	Reporter                         order.Reporter
	CanReveal                        bool
	Purpose                          string // as typed in the reveal form
	RevealError                      string
	Photos                           []orderPhoto
	PublishPhotos                    bool // the user may show resolution photos to the resident
	Reply, Resolve                   orderDue
	CoHandling                       []orderCoHandler
	Summons                          []orderSummons
	summons                          []order.Summons // as the engine gave them, for AvailableActions
	Adjust                           order.Adjustments
	Requests                         []orderRequest
	Candidates                       []orderCandidate
	CanMerge                         bool
	Timeline                         []orderEvent
	Map                              orderMap
	Actions                          []orderActionArgs
	Alert                            *orderAlert        // what went wrong with the last form
	Mediation                        *orderMediation    // 人民调解 from this order (mediation_pages.go)
	Deliberation                     *orderDeliberation // 议事协商 from this order (deliberation_pages.go)
	Received                         string
	Text                             orderText // reply check and knowledge base
}

type orderFact struct{ Label, Value string }

type orderPhoto struct {
	URL, Name, Stage, SHA string
	// Evidence: a resolution photo, which staff may show the resident
	// (Public); the engine decides who may (SetPhotoPublic).
	Evidence, Public bool
}

// orderDue is a deadline with its flags.
type orderDue struct {
	Text, ISO           string
	Done, Overdue, Soon bool
}

type orderCoHandler struct {
	Name, Signed, Replied, Note string
}

type orderSummons struct {
	ID                       int64
	Summoner, Note, ReportBy string
	Departments              []orderSummoned
}

type orderSummoned struct {
	Code, Name, ReportedAt, Note string
	Late                         bool
}

type orderRequest struct {
	Kind, Status, Reason, Requested, Decided, DecisionNote string
	WorkingDays                                            int
}

type orderCandidate struct {
	Row     orderRow
	Score   int // percent
	Version int
}

type orderEvent struct {
	At, ISO, Actor, Role, Action, Note, From, To string
}

// orderMap is the point, if any, for order.js.
type orderMap struct {
	Has         bool
	Lng, Lat    string
	Under, Grid string
}

// orderAlert is the message over the page after a failed form.
type orderAlert struct {
	Msg    string
	Detail string
	Stale  bool
}

// orderPage is GET /orders/{number}.
func (u *UI) orderPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.showOrder(w, r, p, http.StatusOK, nil, nil, nil)
}

// showOrder renders the order page with status; failed is the form that
// just failed (its typed values and errors), alert the message over it,
// and tweak (if set) changes the data last (a revealed reporter).
func (u *UI) showOrder(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, failed *actionForm, alert *orderAlert,
	tweak func(d *orderDetailData)) {
	pg := u.newPage(w, r, p, "order.page.title")
	d, err := u.loadOrderDetail(r.Context(), pg.Lang, orderActor(r, p), p, r.PathValue("number"))
	if errors.Is(err, order.ErrNotFound) {
		u.notFound(w, r)
		return
	}
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg.Title = pg.Tf("order.page.heading", d.O.Number)
	d.Alert = alert
	if tweak != nil {
		tweak(d)
	}
	if d.Mediation, err = u.orderMediation(r, p, d.O); err != nil {
		u.fail(w, r, p, err)
		return
	}
	if d.Deliberation, err = u.orderDeliberation(r, p, d.O); err != nil {
		u.fail(w, r, p, err)
		return
	}
	if d.Actions, err = u.orderForms(r.Context(), pg, p, d, failed); err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg.D = d
	u.render(w, r, status, "order", pg)
}

// loadOrderDetail reads the order and everything around it as a sees it.
func (u *UI) loadOrderDetail(ctx context.Context, lang Lang, a order.Actor, p *httpx.Principal, number string) (*orderDetailData, error) {
	svc := u.o.Orders
	o, err := svc.Get(ctx, a, number)
	if err != nil {
		return nil, err
	}
	loc := shanghaiLocation()
	d := &orderDetailData{O: o, StatusLabel: lang.T("status." + string(o.Status)), ChannelLabel: lang.T("channel." + o.Channel),
		Kind: lang.T("order.kind." + o.Kind), Urgency: lang.T("order.urgency." + o.Urgency), Reporter: o.Reporter,
		Received: o.ReceivedAt.In(loc).Format("2006-01-02 15:04")}
	d.CanReveal = order.MayReveal(a, o)
	names, err := u.orderNames(ctx, lang)
	if err != nil {
		return nil, err
	}
	if err := u.orderCategory(ctx, lang, d); err != nil {
		return nil, err
	}
	d.Grid = names.grid(ctx, u, o.GridCode)
	d.Community, d.Street = u.regionName(ctx, o.CommunityCode), u.regionName(ctx, o.StreetCode)
	d.Handler = names.handler(ctx, u, lang, o.Level, o.HandlerCode)
	now := u.now()
	d.Reply = dueOf(o.ReceivedAt, o.ReplyDueAt, o.RepliedAt, now, o.Status.Open())
	d.Resolve = dueOf(o.ReceivedAt, o.ResolveDueAt, o.ResolvedAt, now, o.Status.Open())
	d.Map = orderMap{Under: o.CommunityCode, Grid: o.GridCode}
	if o.Point != nil {
		d.Map.Has = true
		d.Map.Lng, d.Map.Lat = strconv.FormatFloat(o.Point.Lng, 'f', 6, 64), strconv.FormatFloat(o.Point.Lat, 'f', 6, 64)
	}
	photos, err := svc.Photos(ctx, a, number)
	if err != nil {
		return nil, err
	}
	d.PublishPhotos = order.MayPublishPhotos(a, d.O)
	for _, ph := range photos {
		d.Photos = append(d.Photos, orderPhoto{URL: "/api/v1/orders/" + number + "/photos/" + ph.SHA256, Name: ph.Name,
			Stage: lang.T("order.photo." + ph.Stage), SHA: ph.SHA256, Evidence: ph.Stage == "evidence", Public: ph.Public})
	}
	if err := u.orderCoordination(ctx, lang, a, d); err != nil {
		return nil, err
	}
	events, err := svc.Timeline(ctx, a, number)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		ev := orderEvent{At: e.At.In(loc).Format("2006-01-02 15:04"), ISO: e.At.Format(time.RFC3339), Actor: eventActor(lang, e),
			Role: roleLabel(lang, e.ActorRole), Action: eventLabel(lang, string(e.Action)), Note: e.Note}
		if e.ActorRole == order.EventRoleSystem {
			ev.Role = "" // 系统 · 系统 says it twice
		}
		if e.From != "" && e.From != e.To {
			ev.From, ev.To = lang.T("status."+string(e.From)), lang.T("status."+string(e.To))
		}
		d.Timeline = append(d.Timeline, ev)
	}
	if d.Text, err = u.orderTextOf(ctx, lang, a, o, events); err != nil {
		return nil, err
	}
	if a.SeeksDuplicates() {
		if err := u.orderCandidates(ctx, lang, a, d); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// orderCoordination reads co-handlers, summons and deadline requests.
func (u *UI) orderCoordination(ctx context.Context, lang Lang, a order.Actor, d *orderDetailData) error {
	svc, number, loc, now := u.o.Orders, d.O.Number, shanghaiLocation(), u.now()
	co, err := svc.CoHandling(ctx, a, number)
	if err != nil {
		return err
	}
	for _, c := range co {
		d.CoHandling = append(d.CoHandling, orderCoHandler{Name: u.departmentName(ctx, c.Department),
			Signed: clock(c.SignedAt, loc), Replied: clock(c.RepliedAt, loc), Note: c.Note})
	}
	sums, err := svc.SummonsOf(ctx, a, number)
	if err != nil {
		return err
	}
	for _, s := range sums {
		v := orderSummons{ID: s.ID, Summoner: s.SummonerName, Note: s.Note, ReportBy: clock(s.ReportBy, loc)}
		for _, dep := range s.Departments {
			v.Departments = append(v.Departments, orderSummoned{Code: dep.Department, Name: u.departmentName(ctx, dep.Department),
				ReportedAt: clock(dep.ReportedAt, loc), Note: dep.Note, Late: s.Late(dep, now)})
		}
		d.Summons = append(d.Summons, v)
	}
	d.summons = sums
	if d.Adjust, err = svc.Adjustments(ctx, a, number); err != nil {
		return err
	}
	for _, rq := range d.Adjust.Requests {
		v := orderRequest{Kind: lang.T("order.request." + rq.Kind), Status: lang.T("order.request." + rq.Status),
			Reason: rq.Reason, WorkingDays: rq.WorkingDays, Requested: rq.RequestedBy + " " + clock(rq.RequestedAt, loc),
			DecisionNote: rq.DecisionNote}
		if !rq.DecidedAt.IsZero() {
			v.Decided = rq.DecidedBy + " " + clock(rq.DecidedAt, loc)
		}
		d.Requests = append(d.Requests, v)
	}
	return nil
}

// orderCandidates lists likely duplicates of an open order.
func (u *UI) orderCandidates(ctx context.Context, lang Lang, a order.Actor, d *orderDetailData) error {
	if !d.O.Status.Open() {
		return nil
	}
	cands, err := u.o.Orders.Candidates(ctx, a, d.O.Number)
	if err != nil {
		return err
	}
	orders := make([]order.Order, 0, len(cands))
	for _, c := range cands {
		orders = append(orders, c.Order)
	}
	rows, err := u.orderRows(ctx, lang, orders)
	if err != nil {
		return err
	}
	for i, c := range cands {
		d.Candidates = append(d.Candidates, orderCandidate{Row: rows[i], Score: int(c.Score*100 + 0.5), Version: c.Order.Version})
	}
	d.CanMerge = order.MayMerge(a, d.O)
	return nil
}

// orderCategory fills the category path (类 › 项) and the attributes
// under the names the category gives its fields.
func (u *UI) orderCategory(ctx context.Context, lang Lang, d *orderDetailData) error {
	path, err := category.Path(ctx, u.o.DB, d.O.Category)
	if err != nil && !errors.Is(err, category.ErrNotFound) {
		return err
	}
	fieldNames := map[string]string{}
	for i, c := range path {
		name := categoryName(c, lang)
		if i > 0 {
			d.CategoryPath += " › "
		}
		d.CategoryPath += name
		for _, f := range c.Fields {
			fieldNames[f.Code] = f.Name
			for _, v := range f.Values {
				fieldNames[f.Code+"="+v.Key] = v.Name
			}
		}
	}
	if d.CategoryPath == "" {
		d.CategoryPath = d.O.Category
	}
	keys := make([]string, 0, len(d.O.Attributes))
	for k := range d.O.Attributes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := d.O.Attributes[k]
		f := orderFact{Label: k, Value: v}
		if n, ok := fieldNames[k]; ok {
			f.Label = n
		}
		if n, ok := fieldNames[k+"="+v]; ok {
			f.Value = n
		}
		d.Attributes = append(d.Attributes, f)
	}
	return nil
}

func (u *UI) regionName(ctx context.Context, code string) string {
	if code == "" {
		return ""
	}
	if r, err := org.GetRegion(ctx, u.o.DB, code); err == nil {
		return r.Name
	}
	if g, err := grid.Get(ctx, u.o.DB, code); err == nil {
		return g.Name
	}
	return code
}

func (u *UI) departmentName(ctx context.Context, code string) string {
	if d, err := org.GetDepartment(ctx, u.o.DB, code); err == nil {
		return d.Name
	}
	return code
}

// dueOf flags a deadline: done (late if after it), or for an open order
// overdue or due within a day. A closed order's clock no longer runs.
func dueOf(start, due, done, now time.Time, open bool) orderDue {
	if due.IsZero() {
		return orderDue{}
	}
	d := orderDue{Text: deadlineText(due, "2006-01-02"), ISO: due.Format(time.RFC3339)}
	switch {
	case !done.IsZero():
		d.Done = true
		d.Overdue = done.After(due)
	case !open:
	case now.After(due):
		d.Overdue = true
	default:
		d.Soon = order.DueSoon(start, due, now)
	}
	return d
}

// clock shows a time in Shanghai, or "" for a zero one.
func clock(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// roleLabel names an event's actor role: an auth role, a resident or the system.
// eventActor is who took a step, in the page's language for the system
// (stored as "系统", once as "系统 system").
func eventActor(lang Lang, e order.Event) string {
	if e.ActorRole == order.EventRoleSystem {
		return lang.T("order.role.system")
	}
	return e.ActorName
}

func roleLabel(lang Lang, role string) string {
	switch role {
	case "resident":
		return lang.T("order.role.resident")
	case "system":
		return lang.T("order.role.system")
	case "":
		return ""
	}
	return lang.T("role." + role)
}

// eventLabel names a timeline step: a lifecycle action, a step another
// package writes (supervision, the sweeper, Open311), or its code.
func eventLabel(lang Lang, action string) string {
	for _, key := range []string{"action." + action, "order.event." + action} {
		if _, ok := catalogue[key]; ok {
			return lang.T(key)
		}
	}
	return action
}
