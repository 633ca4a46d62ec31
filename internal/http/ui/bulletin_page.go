package ui

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/bulletin"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Bulletin pages (docs/design.md §17): the 周报/月报 of a district or
// street as a printable A4 page, its .xlsx, and who receives it by e-mail.

func (u *UI) registerBulletins(mux *http.ServeMux) {
	mux.HandleFunc("GET /bulletin", u.signedIn(u.bulletinPage))
	mux.HandleFunc("GET /bulletin.xlsx", u.signedIn(u.bulletinXLSX))
	mux.HandleFunc("POST /bulletin/recipients", u.signedIn(u.bulletinAddRecipient))
	mux.HandleFunc("POST /bulletin/recipients/{id}/remove", u.signedIn(u.bulletinRemoveRecipient))
}

func bulletinActor(r *http.Request, p *httpx.Principal) bulletin.Actor {
	return bulletin.Actor{Role: p.User.Role, Scope: p.Scope, Audit: actorOf(r, p)}
}

// bulletinForm is the page's query: node, kind and a day inside or after
// the period (the bulletin is the last complete period before it).
type bulletinForm struct{ Node, Kind, Date string }

func readBulletinForm(r *http.Request) bulletinForm {
	q := r.URL.Query()
	f := bulletinForm{Node: strings.TrimSpace(q.Get("node")), Kind: q.Get("kind"), Date: strings.TrimSpace(q.Get("date"))}
	if f.Kind == "" {
		f.Kind = string(report.Weekly)
	}
	return f
}

func (f bulletinForm) link(path string, set ...string) string {
	v := url.Values{}
	put := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	put("node", f.Node)
	put("kind", f.Kind)
	put("date", f.Date)
	for i := 0; i+1 < len(set); i += 2 {
		if set[i+1] == "" {
			v.Del(set[i])
		} else {
			v.Set(set[i], set[i+1])
		}
	}
	return path + "?" + v.Encode()
}

type bulletinData struct {
	Form       bulletinForm
	Nodes      []option
	Kinds      []option
	Error      string
	Title      string
	Period     string
	Previous   string
	AsOf       string
	Changes    []bulletinChange
	Categories []bulletinBar
	Units      []bulletinRank
	Depts      []bulletinRank
	UnitsTitle string
	Concerns   []bulletinConcern
	Topics     []bulletinTopic
	Notable    []bulletinNotable
	Dashboard  string
	Workbook   string
	Earlier    string
	Later      string // "" when the next period is not over yet

	Manage         bool
	MailConfigured bool
	Recipients     []bulletin.Recipient
	RecipientForm  bulletin.NewRecipient
	RecipientError string
}

type bulletinChange struct {
	ID, Name, Current, Previous, Delta string
	Trend                              string // up, down, flat, none
}

type bulletinBar struct {
	Name, Count, Share string
	Width              float64 // 0–100, the bar's length
}

type bulletinRank struct {
	Rank                                    string
	Name, Valid, Response, Resolve, Satisfy string
	Score                                   string
	Width                                   float64
}

type bulletinConcern struct {
	Name, Level      string
	Overdue, Returns int64
}

type bulletinTopic struct {
	Name, Communities string
	Count             int
	Rising            bool
}

type bulletinNotable struct {
	Number, Href, Category, Handler, Received, Reasons string
}

func (u *UI) bulletinPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderBulletin(w, r, p, http.StatusOK, readBulletinForm(r), bulletin.NewRecipient{}, "")
}

func (u *UI) renderBulletin(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, f bulletinForm,
	rf bulletin.NewRecipient, recipientErr string) {
	ctx := r.Context()
	a := bulletinActor(r, p)
	if !bulletin.MayRead(a.Role) {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	pg := u.newPage(w, r, p, "bulletin.title")
	lang := pg.Lang
	d := bulletinData{Form: f, Manage: bulletin.MayManage(a.Role), MailConfigured: u.o.Bulletins.MailConfigured(),
		RecipientForm: rf, RecipientError: recipientErr}
	nodes, err := u.o.Bulletins.Nodes(ctx, a)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	if d.Form.Node == "" && len(nodes) > 0 {
		d.Form.Node = nodes[0].Code
	}
	for _, n := range nodes {
		d.Nodes = append(d.Nodes, option{Value: n.Code, Label: n.Name, Selected: n.Code == d.Form.Node})
	}
	for _, k := range []report.BulletinKind{report.Weekly, report.Monthly} {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: lang.T("bulletin.kind." + string(k)), Selected: string(k) == d.Form.Kind})
	}
	b, err := u.o.Bulletins.Bulletin(ctx, a, d.Form.Node, d.Form.Kind, d.Form.Date)
	switch {
	case errs.Is(err, errs.Invalid):
		d.Error = localMessage(lang, err, lang.T("bulletin.error.node"))
	case err != nil:
		u.fail(w, r, p, err)
		return
	default:
		u.fillBulletin(&d, b, lang)
	}
	if d.Manage {
		if d.Recipients, err = u.o.Bulletins.Recipients(ctx, a); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	pg.D = &d
	if d.Error != "" && status == http.StatusOK {
		status = http.StatusBadRequest
	}
	u.render(w, r, status, "bulletin", pg)
}

// fillBulletin turns the bulletin's figures into the page's rows.
func (u *UI) fillBulletin(d *bulletinData, b report.Bulletin, lang Lang) {
	bl := bulletinLang(lang)
	day := func(t time.Time) string { return t.In(zone.Shanghai()).Format(time.DateOnly) }
	d.Title = bl.Title(b)
	d.Period = day(b.Period.From) + " — " + day(b.Period.LastDay())
	d.Previous = day(b.Previous.From) + " — " + day(b.Previous.LastDay())
	d.AsOf = b.AsOf.In(zone.Shanghai()).Format("2006-01-02 15:04")
	for _, c := range b.Changes {
		d.Changes = append(d.Changes, changeRow(c, bl))
	}
	for _, c := range b.Categories {
		name := c.NameZh
		if lang == LangEN && c.NameEn != "" {
			name = c.NameEn
		}
		d.Categories = append(d.Categories, bulletinBar{Name: name, Count: strconv.FormatInt(c.Counts.Received, 10),
			Share: percent(c.Share), Width: 100 * c.Share.Value})
	}
	d.UnitsTitle = lang.T("bulletin.units." + string(b.Units.By))
	d.Units, d.Depts = rankRows(b.Units), rankRows(b.Departments)
	for _, c := range b.Concerns {
		d.Concerns = append(d.Concerns, bulletinConcern{Name: bl.HandlerName(c.Level, c.Name), Level: bl.T("level." + c.Level),
			Overdue: c.Overdue, Returns: c.Returned})
	}
	for _, t := range b.HotTopics {
		d.Topics = append(d.Topics, bulletinTopic{Name: bulletin.TopicName(t), Count: t.Count, Rising: t.Rising,
			Communities: bulletin.JoinList(bl, t.Communities)})
	}
	for _, n := range b.Notable {
		name := n.CategoryZh
		if lang == LangEN && n.CategoryEn != "" {
			name = n.CategoryEn
		}
		reasons := make([]string, len(n.Reasons))
		for i, r := range n.Reasons {
			reasons[i] = bl.T("reason." + r)
		}
		d.Notable = append(d.Notable, bulletinNotable{Number: n.Number, Href: "/orders/" + url.PathEscape(n.Number), Category: name,
			Handler: bl.HandlerName(n.Level, n.HandlerName), Received: store.Time(n.Received).In(zone.Shanghai()).Format("01-02 15:04"),
			Reasons: bulletin.JoinList(bl, reasons)})
	}
	d.Dashboard = "/measures?" + url.Values{"node": {b.Node}, "from": {day(b.Period.From)}, "to": {day(b.Period.LastDay())}}.Encode()
	f := d.Form
	f.Node = b.Node
	d.Workbook = f.link("/bulletin.xlsx", "date", day(b.Period.To))
	d.Earlier = f.link("/bulletin", "date", day(b.Previous.To))
	next := b.Period.To.AddDate(0, 0, 7)
	if b.Kind == report.Monthly {
		next = b.Period.To.AddDate(0, 1, 0)
	}
	if !next.After(u.now()) {
		d.Later = f.link("/bulletin", "date", day(next))
	}
}

// changeRow shows one headline figure against the previous period.
func changeRow(c report.Change, bl bulletin.Lang) bulletinChange {
	cur, prev, delta := bulletin.FormatChange(c, bl)
	row := bulletinChange{ID: c.ID, Name: bl.T(c.ID), Current: cur, Previous: prev, Delta: delta, Trend: "none"}
	switch {
	case !c.Defined:
	case c.Delta > 0:
		row.Trend = "up"
	case c.Delta < 0:
		row.Trend = "down"
	default:
		row.Trend = "flat"
	}
	return row
}

func rankRows(rk report.Ranking) []bulletinRank {
	var out []bulletinRank
	for _, e := range rk.Entries {
		row := bulletinRank{Rank: "—", Name: e.Name, Valid: strconv.FormatInt(e.Rates.Valid, 10), Response: percent(e.Rates.Response),
			Resolve: percent(e.Rates.Resolve), Satisfy: percent(e.Rates.Satisfaction), Score: scoreText(e.Rates.Score)}
		if e.Rank > 0 {
			row.Rank = strconv.Itoa(e.Rank)
		}
		if e.Rates.Score.Defined {
			row.Width = e.Rates.Score.Value
		}
		out = append(out, row)
	}
	return out
}

func bulletinLang(lang Lang) bulletin.Lang {
	if lang == LangEN {
		return bulletin.English
	}
	return bulletin.Chinese
}

// bulletinXLSX: GET /bulletin.xlsx — the same bulletin as a workbook.
func (u *UI) bulletinXLSX(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := readBulletinForm(r)
	b, err := u.o.Bulletins.Bulletin(r.Context(), bulletinActor(r, p), f.Node, f.Kind, f.Date)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	var buf bytes.Buffer
	if err := bulletin.WriteWorkbook(&buf, b, bulletinLang(langOf(w, r)), zone.Shanghai()); err != nil {
		u.fail(w, r, p, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+bulletin.FileName(b)+`"`)
	w.Write(buf.Bytes())
}

func (u *UI) bulletinAddRecipient(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	in := bulletin.NewRecipient{Node: r.PostFormValue("node"), Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name"),
		Email: r.PostFormValue("email")}
	f := bulletinForm{Node: in.Node, Kind: in.Kind}
	_, err := u.o.Bulletins.AddRecipient(r.Context(), bulletinActor(r, p), in)
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		lang := langOf(w, r)
		u.renderBulletin(w, r, p, http.StatusBadRequest, f, in, localMessage(lang, err, lang.T("form.invalid")))
		return
	}
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, f.link("/bulletin")+"#recipients", http.StatusSeeOther)
}

func (u *UI) bulletinRemoveRecipient(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	if err := u.o.Bulletins.RemoveRecipient(r.Context(), bulletinActor(r, p), id); err != nil {
		u.fail(w, r, p, err)
		return
	}
	f := bulletinForm{Node: r.PostFormValue("node"), Kind: r.PostFormValue("kind")}
	http.Redirect(w, r, f.link("/bulletin")+"#recipients", http.StatusSeeOther)
}

// bulletinRankingArgs is what the "bulletinRanking" partial gets.
type bulletinRankingArgs struct {
	Page  *page
	ID    string
	Title string
	Rows  []bulletinRank
}

func init() {
	addFuncs(template.FuncMap{"bulletinRanking": func(p *page, id, title string, rows []bulletinRank) bulletinRankingArgs {
		return bulletinRankingArgs{Page: p, ID: id, Title: title, Rows: rows}
	}})
}
