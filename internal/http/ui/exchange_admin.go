package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"civicgrid/internal/category"
	"civicgrid/internal/exchange"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/zone"
)

// The exchange admin page (/admin/exchange, 四级联动): the links to
// upstream and district platforms, the category mapping and the orders
// held for it. Rules (who may manage which link) are the exchange's.

type exchangeLinkRow struct {
	Name, Direction, URL, Regions, Added string
}

type exchangeLinkForm struct {
	Name, Direction, URL, Regions, Secret, Key string
	Errors                                     map[string]string
}

type exchangeHeldRow struct {
	Link, Ref, Path, Text, Received, Reason string
}

type exchangeMapForm struct {
	Link, Path, Code string
	Error            string
}

// exchangeForwardForm forwards by hand an order filed before its link.
type exchangeForwardForm struct {
	Number, Error string
}

type exchangeData struct {
	Links      []exchangeLinkRow
	Held       []exchangeHeldRow
	Mappings   []exchange.Mapping
	Categories []option
	Form       exchangeLinkForm
	MapForm    exchangeMapForm
	Forward    exchangeForwardForm
	// Forwarded is the order just queued for its district, and the link.
	Forwarded, ForwardedTo string
	// Added is the link just added, with its secret and key shown once.
	Added   *exchange.NewLink
	Done    string // a message key after a redirect
	Removed string
	Filed   string
}

func (u *UI) exchangeAdmin(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q := r.URL.Query()
	d := exchangeData{Done: q.Get("done"), Removed: q.Get("removed"), Filed: q.Get("filed"),
		Forwarded: q.Get("forwarded"), ForwardedTo: q.Get("to"), Form: exchangeLinkForm{Direction: exchange.Downstream}}
	u.renderExchange(w, r, p, http.StatusOK, d)
}

func (u *UI) renderExchange(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d exchangeData) {
	ctx := r.Context()
	by, err := u.adminOf(r, p)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	links, err := u.o.Exchange.LinksOf(ctx, by)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	lang := langOf(w, r)
	mine := map[string]bool{}
	for _, l := range links {
		mine[l.Name] = true
		d.Links = append(d.Links, exchangeLinkRow{Name: l.Name, Direction: lang.T("exchange.short." + l.Direction), URL: l.BaseURL,
			Regions: strings.Join(l.Regions, ", "), Added: l.CreatedAt.In(zone.Shanghai()).Format("2006-01-02 15:04")})
	}
	held, err := u.o.Exchange.Held(ctx)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, h := range held {
		if mine[h.Link] {
			d.Held = append(d.Held, exchangeHeldRow{Link: h.Link, Ref: h.Ref, Path: h.CategoryPath, Text: h.Text,
				Received: h.ReceivedAt.In(zone.Shanghai()).Format("2006-01-02 15:04"), Reason: h.Reason})
		}
	}
	maps, err := u.o.Exchange.Mappings(ctx)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, m := range maps {
		if mine[m.Link] {
			d.Mappings = append(d.Mappings, m)
		}
	}
	cats, err := category.List(ctx, u.o.DB, false)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, c := range cats {
		if c.Leaf && c.Active {
			name := categoryName(c, lang)
			d.Categories = append(d.Categories, option{Value: c.Code, Label: name + " (" + c.Code + ")", Selected: c.Code == d.MapForm.Code})
		}
	}
	pg := u.newPage(w, r, p, "exchange.title")
	pg.D = d
	u.render(w, r, status, "exchange", pg)
}

func (u *UI) addExchangeLink(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := exchangeLinkForm{Name: strings.TrimSpace(r.PostFormValue("name")), Direction: r.PostFormValue("direction"),
		URL: strings.TrimSpace(r.PostFormValue("url")), Regions: strings.TrimSpace(r.PostFormValue("regions")),
		Secret: strings.TrimSpace(r.PostFormValue("secret")), Key: strings.TrimSpace(r.PostFormValue("key")), Errors: map[string]string{}}
	lang := langOf(w, r)
	by, err := u.adminOf(r, p)
	var added exchange.NewLink
	if err == nil {
		added, err = u.o.Exchange.AddLink(r.Context(), by, exchange.LinkInput{Name: f.Name, Direction: f.Direction, BaseURL: f.URL,
			Regions: []string{f.Regions}, Secret: f.Secret, Key: f.Key})
	}
	var fe *exchange.FieldError
	switch {
	case err == nil:
		// Not a redirect: the secret and key are shown this once.
		u.renderExchange(w, r, p, http.StatusOK, exchangeData{Added: &added, Form: exchangeLinkForm{Direction: exchange.Downstream}})
		return
	case errors.As(err, &fe):
		f.Errors[fe.Field] = lang.T("exchange.err." + fe.Field)
	case errors.Is(err, exchange.ErrOutsideScope):
		f.Errors["regions"] = lang.T("exchange.err.outside")
	case errors.Is(err, exchange.ErrConflict):
		f.Errors["name"] = lang.T("exchange.err.taken")
	default:
		u.fail(w, r, p, err)
		return
	}
	f.Secret, f.Key = "", "" // never echoed back into the page
	u.renderExchange(w, r, p, http.StatusBadRequest, exchangeData{Form: f})
}

func (u *UI) removeExchangeLink(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	name := r.PathValue("name")
	by, err := u.adminOf(r, p)
	if err == nil {
		err = u.o.Exchange.RemoveLink(r.Context(), by, name)
	}
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/exchange?removed="+url.QueryEscape(name), http.StatusSeeOther)
	case errors.Is(err, exchange.ErrConflict):
		http.Redirect(w, r, "/admin/exchange?done=inuse", http.StatusSeeOther)
	default:
		u.fail(w, r, p, err)
	}
}

func (u *UI) mapExchangeCategory(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := exchangeMapForm{Link: r.PostFormValue("link"), Path: strings.TrimSpace(r.PostFormValue("path")), Code: r.PostFormValue("code")}
	lang := langOf(w, r)
	by, err := u.adminOf(r, p)
	var res exchange.MapResult
	if err == nil {
		res, err = u.o.Exchange.MapCategory(r.Context(), by, f.Link, f.Path, f.Code)
	}
	var fe *exchange.FieldError
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/exchange?done=mapped&filed="+url.QueryEscape(strings.Join(res.Filed, " ")), http.StatusSeeOther)
		return
	case errors.As(err, &fe):
		f.Error = lang.T("exchange.err.map." + fe.Field)
	default:
		u.fail(w, r, p, err)
		return
	}
	u.renderExchange(w, r, p, http.StatusBadRequest, exchangeData{MapForm: f, Form: exchangeLinkForm{Direction: exchange.Downstream}})
}

// forwardExchangeOrder queues an order filed before its district link for
// that district (exchange.ForwardNow says whether it may go).
func (u *UI) forwardExchangeOrder(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := exchangeForwardForm{Number: strings.TrimSpace(r.PostFormValue("number"))}
	lang := langOf(w, r)
	by, err := u.adminOf(r, p)
	var to string
	if err == nil {
		to, err = u.o.Exchange.ForwardNow(r.Context(), by, f.Number)
	}
	var fe *exchange.FieldError
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/exchange?forwarded="+url.QueryEscape(f.Number)+"&to="+url.QueryEscape(to), http.StatusSeeOther)
		return
	case errors.As(err, &fe):
		f.Error = lang.T("exchange.err.forward." + fe.Field)
	case errors.Is(err, exchange.ErrNotFound):
		f.Error = lang.T("exchange.err.forward.notfound")
	case errors.Is(err, exchange.ErrConflict):
		f.Error = lang.T("exchange.err.forward.again")
	default:
		u.fail(w, r, p, err)
		return
	}
	u.renderExchange(w, r, p, http.StatusBadRequest, exchangeData{Forward: f, Form: exchangeLinkForm{Direction: exchange.Downstream}})
}
