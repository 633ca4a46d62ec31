package ui

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/sheet"
)

// The order ledgers (工单台账): the search as it stands, and the callback
// ledger (回访台账), every matching order, not one page.

// ordersExport is GET /orders/export.{xlsx,csv}?…search…: every order the
// search finds (not one page), newest first.
func (u *UI) ordersExport(w http.ResponseWriter, r *http.Request, p *httpx.Principal, format string) {
	lang := langOf(w, r)
	s := readOrderSearch(r.URL.Query())
	if !canSearchByPhone(p) {
		s.Phone = ""
	}
	f := u.orderFilter(s)
	u.orderLedger(w, r, p, format, lang, orderActor(r, p), f, "order.ledger.sheet", "orders")
}

// callbacksExport is GET /dispatch/callbacks/export.{xlsx,csv}: the
// resolved orders waiting for a callback and the closed ones with the
// rating the callback recorded.
func (u *UI) callbacksExport(w http.ResponseWriter, r *http.Request, p *httpx.Principal, format string) {
	f := order.Filter{Statuses: []order.Status{order.StatusResolved, order.StatusClosed}}
	u.orderLedger(w, r, p, format, langOf(w, r), staffActor(r, p), f, "order.ledger.callbacks", "callbacks")
}

// orderLedger sends the orders a sees matching f as one table. The first
// batch is read before anything is sent, so a refused filter is a 400.
func (u *UI) orderLedger(w http.ResponseWriter, r *http.Request, p *httpx.Principal, format string, lang Lang,
	a order.Actor, f order.Filter, sheetKey, base string) {
	ctx := r.Context()
	if err := u.o.Orders.Each(ctx, a, f, func(order.Order) error { return errStopWalk }); err != nil && !errors.Is(err, errStopWalk) {
		u.ledgerFail(w, r, p, lang, err)
		return
	}
	names, err := u.orderNames(ctx, lang)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	t := table{Name: lang.T(sheetKey), Cols: orderLedgerColumns(lang)}
	t.Rows = func(emit func(...any) error) error {
		return u.o.Orders.Each(ctx, a, f, func(o order.Order) error {
			return emit(u.orderLedgerRow(ctx, lang, names, o)...)
		})
	}
	u.download(w, r, p, format, base+"-"+u.now().In(shanghaiLocation()).Format("20060102-1504"), t)
}

// errStopWalk ends a walk that only checks the filter.
var errStopWalk = errors.New("ui: filter checked")

// ledgerFail answers a refused filter with 400 and its message.
func (u *UI) ledgerFail(w http.ResponseWriter, r *http.Request, p *httpx.Principal, lang Lang, err error) {
	var verr *order.ValidationError
	if errors.As(err, &verr) {
		http.Error(w, fieldError(lang, "order.field.", formField(verr.Field), verr.Msg), http.StatusBadRequest)
		return
	}
	u.fail(w, r, p, err)
}

// orderLedgerKeys name the ledger's columns (messages order.ledger.col.*),
// with their kinds and widths.
var orderLedgerKeys = []struct {
	key   string
	kind  sheet.Kind
	width float64
}{
	{"number", sheet.Text, 15}, {"channel", sheet.Text, 12}, {"status", sheet.Text, 14}, {"kind", sheet.Text, 8},
	{"category", sheet.Text, 20}, {"urgency", sheet.Text, 8}, {"grid", sheet.Text, 22}, {"address", sheet.Text, 30},
	{"handler", sheet.Text, 18}, {"co_handlers", sheet.Text, 18}, {"description", sheet.Text, 50},
	{"received", sheet.DateTime, 0}, {"reply_due", sheet.DateTime, 0}, {"resolve_due", sheet.DateTime, 0},
	{"replied", sheet.DateTime, 0}, {"resolved", sheet.DateTime, 0}, {"callback", sheet.DateTime, 0},
	{"rating", sheet.Text, 10}, {"returns", sheet.Int, 0}, {"reworks", sheet.Int, 0}, {"overdue", sheet.Text, 8},
	{"demand_type", sheet.Text, 8},
}

func orderLedgerColumns(lang Lang) []sheet.Column {
	cols := make([]sheet.Column, len(orderLedgerKeys))
	for i, k := range orderLedgerKeys {
		cols[i] = sheet.Column{Title: lang.T("order.ledger.col." + k.key), Kind: k.kind, Width: k.width}
	}
	return cols
}

func (u *UI) orderLedgerRow(ctx context.Context, lang Lang, names *orderNameCache, o order.Order) []any {
	var co []string
	for _, c := range o.CoHandlers {
		co = append(co, names.handler(ctx, u, lang, "department", c))
	}
	rating := ""
	if o.Rating != "" {
		rating = lang.T("dispatch.rating." + string(o.Rating))
	}
	overdue := lang.T("order.ledger.no")
	if o.Status.Open() && !o.ResolveDueAt.IsZero() && u.now().After(o.ResolveDueAt) ||
		!o.ResolvedAt.IsZero() && o.ResolvedAt.After(o.ResolveDueAt) {
		overdue = lang.T("order.ledger.yes")
	}
	return []any{o.Number, lang.T("channel." + o.Channel), lang.T("status." + string(o.Status)),
		lang.T("order.kind." + o.Kind), names.category(o.Category), lang.T("order.urgency." + o.Urgency),
		names.grid(ctx, u, o.GridCode), o.Address, names.handler(ctx, u, lang, o.Level, o.HandlerCode),
		strings.Join(co, "、"), o.Description, o.ReceivedAt, o.ReplyDueAt, o.ResolveDueAt, o.RepliedAt, o.ResolvedAt,
		o.CallbackAt, rating, o.Returns, o.Reworks, overdue, demandLabel(lang, o.DemandType)}
}

// canSearchByPhone: the roles the engine lets look orders up by phone.
func canSearchByPhone(p *httpx.Principal) bool {
	return order.StaffActor(p.User, p.Scope, "").MaySearchByPhone()
}

// demandLabel is the 诉求类型 in lang, "" when not recorded.
func demandLabel(lang Lang, t string) string {
	if t == "" {
		return ""
	}
	return lang.T("demand." + t)
}
