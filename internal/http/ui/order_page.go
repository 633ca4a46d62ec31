package ui

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"civicgrid/internal/category"
	"civicgrid/internal/classify"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// registerOrderPages adds the staff order search (/orders), the order page
// (/orders/{number}) and the one route every action form posts to.
func (u *UI) registerOrderPages(mux *http.ServeMux) {
	mux.HandleFunc("GET /orders", u.staff(u.notBuilding(u.orderList)))
	exportRoutes(mux, "/orders/export", func(h handler) http.HandlerFunc { return u.staff(u.notBuilding(h)) }, u.ordersExport)
	mux.HandleFunc("GET /orders/{number}", u.staff(u.orderPage))
	mux.HandleFunc("POST /orders/{number}/{action}", u.staff(u.orderAction))
	mux.HandleFunc("POST /orders/{number}/photos/{sha}/public", u.staff(u.orderPhotoPublic))
}

// staff is signedIn for the order pages. Which orders each role reads
// and what it may do is the engine's rule: a building head (楼长) reads
// only the orders they reported, and acts on none.
func (u *UI) staff(h handler) http.HandlerFunc {
	return u.signedIn(h)
}

// notBuilding keeps building heads (楼长) off the order search: they
// follow their own reports on /grid and open each from there.
func (u *UI) notBuilding(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		if staffActor(r, p).OwnReportsOnly() {
			u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
			return
		}
		h(w, r, p)
	}
}

// orderPageSize is the rows of one page of the search.
const orderPageSize = 50

// orderSearch is the search form as typed.
type orderSearch struct {
	Statuses                            []string
	Category, Region, Channel, Q, Phone string
	DemandType                          string // 诉求类型
	Overdue                             bool
	Page                                int
}

type orderListData struct {
	Rows                                    []orderRow
	F                                       orderSearch
	Statuses, Categories, Regions, Channels []option
	DemandTypes                             []option
	ShowPhone, ShowRegion                   bool
	Total, From, To                         int
	PrevURL, NextURL                        string
	Error                                   string
	Errors                                  map[string]string
	ExportQuery                             string // the search, for the ledger downloads
}

func (s orderSearch) has(st string) bool { return slices.Contains(s.Statuses, st) }

func readOrderSearch(q url.Values) orderSearch {
	s := orderSearch{Statuses: q["status"], Category: q.Get("category"), Region: q.Get("region"),
		Channel: q.Get("channel"), Q: q.Get("q"), Phone: q.Get("phone"), Overdue: q.Get("overdue") == "1",
		DemandType: q.Get("demand_type")}
	s.Page, _ = strconv.Atoi(q.Get("page"))
	if s.Page < 1 {
		s.Page = 1
	}
	return s
}

// query is the search as a URL query on page n, for the pager.
func (s orderSearch) query(n int) string {
	v := url.Values{"status": s.Statuses}
	for k, x := range map[string]string{"category": s.Category, "region": s.Region, "channel": s.Channel, "q": s.Q, "phone": s.Phone,
		"demand_type": s.DemandType} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if s.Overdue {
		v.Set("overdue", "1")
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	return "/orders?" + v.Encode()
}

// orderFilter is the search as the engine's filter (all pages).
func (u *UI) orderFilter(s orderSearch) order.Filter {
	f := order.Filter{Category: s.Category, Region: s.Region, Channel: s.Channel, Q: s.Q, Phone: s.Phone, DemandType: s.DemandType}
	for _, st := range s.Statuses {
		f.Statuses = append(f.Statuses, order.Status(st))
	}
	if s.Overdue {
		f.DueBefore = u.now()
	}
	return f
}

// orderList is GET /orders: the orders in the user's scope, newest first,
// narrowed by the form.
func (u *UI) orderList(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	pg := u.newPage(w, r, p, "order.list.title")
	s := readOrderSearch(r.URL.Query())
	d := orderListData{F: s, ShowPhone: canSearchByPhone(p), Errors: map[string]string{}}
	if !d.ShowPhone {
		s.Phone, d.F.Phone = "", ""
	}
	f := u.orderFilter(s)
	f.Limit, f.Offset = orderPageSize, (s.Page-1)*orderPageSize
	status := http.StatusOK
	res, err := u.o.Orders.List(ctx, orderActor(r, p), f)
	var verr *order.ValidationError
	switch {
	case errors.As(err, &verr):
		status = http.StatusBadRequest
		d.Error = pg.T("order.list.invalid")
		d.Errors[formField(verr.Field)] = fieldError(pg.Lang, "order.field.", formField(verr.Field), verr.Msg)
	case err != nil:
		u.fail(w, r, p, err)
		return
	}
	if d.Rows, err = u.orderRows(ctx, pg.Lang, res.Orders); err != nil {
		u.fail(w, r, p, err)
		return
	}
	d.Total = res.Total
	d.ExportQuery = strings.TrimPrefix(s.query(1), "/orders?")
	if len(d.Rows) > 0 {
		d.From, d.To = f.Offset+1, f.Offset+len(d.Rows)
	}
	if s.Page > 1 {
		d.PrevURL = s.query(s.Page - 1)
	}
	if f.Offset+len(d.Rows) < res.Total {
		d.NextURL = s.query(s.Page + 1)
	}
	if err := u.orderSearchOptions(ctx, pg.Lang, p, &d); err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg.D = d
	u.render(w, r, status, "orders", pg)
}

// orderSearchOptions fills the selects of the search form.
func (u *UI) orderSearchOptions(ctx context.Context, lang Lang, p *httpx.Principal, d *orderListData) error {
	for _, st := range order.Statuses() {
		d.Statuses = append(d.Statuses, option{Value: string(st), Label: lang.T("status." + string(st)), Selected: d.F.has(string(st))})
	}
	for _, ch := range orderChannels {
		d.Channels = append(d.Channels, option{Value: ch, Label: lang.T("channel." + ch), Selected: d.F.Channel == ch})
	}
	for _, k := range classify.Kinds {
		d.DemandTypes = append(d.DemandTypes, option{Value: k, Label: lang.T("demand." + k), Selected: d.F.DemandType == k})
	}
	cats, err := category.List(ctx, u.o.DB, true)
	if err != nil {
		return err
	}
	for _, c := range cats {
		if !c.Leaf {
			continue
		}
		d.Categories = append(d.Categories, option{Value: c.Code, Label: categoryName(c, lang), Selected: c.Code == d.F.Category})
	}
	if root := scopeRoot(p); root != "" {
		pl, err := u.loadPlaces(ctx, p.Scope, root)
		if err != nil {
			return err
		}
		d.Regions, d.ShowRegion = selectOptions(pl.Regions, d.F.Region), true
	}
	return nil
}

// orderChannels are the channels in the order the filter lists them.
var orderChannels = []string{order.ChannelHotline, order.ChannelWeb, order.ChannelEmail, order.ChannelPatrol,
	order.ChannelAPI, order.ChannelImport, order.ChannelUpstream}
