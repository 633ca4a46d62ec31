package ui

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// registerConsole adds the routes of the operator console (/console): the
// order entry a 12345 operator fills while on the phone, its htmx
// fragments (place, similar orders, category suggestions and fields, the
// grids of a community) and today's queue.
func (u *UI) registerConsole(mux *http.ServeMux) {
	mux.HandleFunc("GET /console", u.consoleOnly(u.consolePage))
	mux.HandleFunc("POST /console", u.consoleOnly(u.consoleSave))
	mux.HandleFunc("GET /console/place", u.consoleOnly(u.consolePlace))
	mux.HandleFunc("GET /console/grids", u.consoleOnly(u.consoleGrids))
	mux.HandleFunc("GET /console/similar", u.consoleOnly(u.consoleSimilar))
	mux.HandleFunc("GET /console/suggest", u.consoleOnly(u.consoleSuggest))
	mux.HandleFunc("GET /console/fields", u.consoleOnly(u.consoleFields))
	mux.HandleFunc("GET /console/knowledge", u.consoleOnly(u.consoleKnowledge))
}

// consoleOnly is signedIn plus a console role; others get the 403 page.
func (u *UI) consoleOnly(h handler) http.HandlerFunc {
	return u.signedIn(func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		// Those who take calls: the roles the engine lets file hotline orders.
		if !order.MayFileThrough(p.User.Role, order.ChannelHotline) {
			u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
			return
		}
		h(w, r, p)
	})
}

// consoleData is what console.html shows.
type consoleData struct {
	Form       consoleForm
	Saved      *consoleSaved
	Categories []categoryGroup
	Places     consolePlaces
	Place      consolePlaceView
	Fields     consoleFieldsView
	Similar    consoleSimilarView
	Suggest    []categorySuggestion
	Knowledge  []consoleArticle // 知识库 articles matching the description
	// DemandTypes are the 诉求类型 choices, the one typed or suggested selected.
	DemandTypes []option
	Rows        []orderRow
	Today       string
	Letter      *mailView // the mailbox letter being filed, shown beside the form
}

// consoleSaved is the order the last submit filed, shown above the empty
// form for the next call.
type consoleSaved struct {
	Number, StatusLabel, Handler string
	Answered                     bool
	AnswerError                  string
}

// consolePage shows an empty form (after a save, with the saved order's
// number on top).
func (u *UI) consolePage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	pg := u.newPage(w, r, p, "console.title")
	d := &consoleData{Form: consoleForm{Key: newIdempotencyKey()}}
	if raw := r.URL.Query().Get("mail"); raw != "" {
		m, ok := u.consoleMailOf(r, p, raw)
		if !ok {
			u.notFound(w, r) // no such letter, or filed already
			return
		}
		d.Form.prefillFromLetter(m)
		d.Letter = u.letterOf(m)
	}
	if n := r.URL.Query().Get("saved"); n != "" {
		d.Saved = u.consoleSavedOrder(r, p, pg.Lang, n, r.URL.Query().Get("answer_error"))
	}
	u.renderConsole(w, r, p, pg, http.StatusOK, d)
}

// consoleSavedOrder reads the saved order back, so the message on top is
// true (and a crafted ?saved= shows nothing).
func (u *UI) consoleSavedOrder(r *http.Request, p *httpx.Principal, lang Lang, number, answerErr string) *consoleSaved {
	o, err := u.o.Orders.Get(r.Context(), order.StaffActor(p.User, p.Scope, httpx.ClientIP(r)), number)
	if err != nil {
		return nil
	}
	rows, err := u.orderRows(r.Context(), lang, []order.Order{o})
	if err != nil || len(rows) != 1 {
		return nil
	}
	s := &consoleSaved{Number: o.Number, StatusLabel: rows[0].StatusLabel, Handler: rows[0].Handler,
		Answered: o.Kind == category.KindConsult && o.Status == order.StatusClosed}
	if answerErr != "" {
		s.AnswerError = lang.T("console.answer.failed")
	}
	return s
}

// renderConsole fills in the lists and fragments around d.Form and writes
// the page.
func (u *UI) renderConsole(w http.ResponseWriter, r *http.Request, p *httpx.Principal, pg *page, status int, d *consoleData) {
	ctx := r.Context()
	lang := pg.Lang
	cats, err := category.List(ctx, u.o.DB, false)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d.Categories = consoleCategoryGroups(cats, lang, d.Form.Category)
	if d.Places, err = u.consolePlaces(ctx, p, d.Form); err != nil {
		u.fail(w, r, p, err)
		return
	}
	q := d.Form.query()
	d.Place = u.consolePlaceOf(ctx, p, lang, q)
	d.Fields = consoleFieldsOf(cats, lang, d.Form.Category, d.Form.Attrs, d.Form.Answer, d.Form.Errors)
	d.Suggest = u.consoleSuggestions(ctx, cats, lang, d.Form.Description)
	d.Knowledge = u.consoleKnowledgeOf(ctx, d.Form.Description)
	d.DemandTypes = consoleDemandTypes(lang, d.Form.DemandType, d.Form.Description)
	d.Similar = u.consoleSimilarOf(r, p, lang, q)
	if d.Rows, err = u.consoleToday(r, p, lang); err != nil {
		u.fail(w, r, p, err)
		return
	}
	d.Today = u.now().In(shanghaiLocation()).Format("2006-01-02")
	pg.D = d
	u.render(w, r, status, "console", pg)
}

// consoleQueueScan bounds the orders read for today's queue; a busy
// district files a few hundred a day.
const consoleQueueScan = 300

// consoleToday is today's orders in the operator's scope, newest first.
func (u *UI) consoleToday(r *http.Request, p *httpx.Principal, lang Lang) ([]orderRow, error) {
	loc := shanghaiLocation()
	now := u.now().In(loc)
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	page, err := u.o.Orders.List(r.Context(), order.StaffActor(p.User, p.Scope, httpx.ClientIP(r)),
		order.Filter{Limit: consoleQueueScan})
	if err != nil {
		return nil, err
	}
	var today []order.Order
	for _, o := range page.Orders {
		if !o.ReceivedAt.Before(midnight) {
			today = append(today, o)
		}
	}
	return u.orderRows(r.Context(), lang, today)
}

// consoleSave files the order (and answers a consultation), then shows the
// empty form again with the number on top. On a problem the form comes
// back with what was typed and the message next to its field.
func (u *UI) consoleSave(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	pg := u.newPage(w, r, p, "console.title")
	lang := pg.Lang
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	f := readConsoleForm(r.PostForm)
	if f.Key == "" {
		f.Key = newIdempotencyKey()
	}
	letter, ok := u.consoleMailOf(r, p, f.Mail)
	if !ok {
		u.notFound(w, r)
		return
	}
	again := func(status int) {
		u.renderConsole(w, r, p, pg, status, &consoleData{Form: f, Letter: u.letterOf(letter)})
	}
	ctx := r.Context()
	// Answering from a knowledge-base article: its answer is the answer,
	// and its category stands when none was chosen.
	article, fromArticle := u.consoleArticleOf(ctx, p, r, r.PostForm.Get("article_id"))
	if fromArticle {
		f.Answer = article.Answer
		if f.Category == "" {
			f.Category = article.CategoryCode
		}
	}
	cat, err := category.Get(ctx, u.o.DB, f.Category)
	consult := err == nil && cat.Kind == category.KindConsult
	// Fields of a category chosen before (a page without script keeps
	// them) are not part of this order.
	for code := range f.Attrs {
		if !slices.ContainsFunc(cat.Fields, func(fl category.Field) bool { return fl.Code == code }) {
			delete(f.Attrs, code)
		}
	}
	// Everything wrong with the form is said at once.
	in, ok := f.input(lang)
	if f.problems(lang, u.o.Orders.Problems(in)) || !ok {
		again(http.StatusBadRequest)
		return
	}
	asLetter(&in, letter)
	actor := order.StaffActor(p.User, p.Scope, httpx.ClientIP(r))
	o, _, err := u.o.Orders.Create(ctx, actor, in)
	if err != nil {
		status, handled := f.engineError(lang, err)
		if !handled {
			u.fail(w, r, p, err)
			return
		}
		again(status)
		return
	}
	u.markLetterFiled(r, p, letter, o.Number)
	target := "/console?saved=" + url.QueryEscape(o.Number)
	// A replayed submit may find the consultation answered already.
	switch {
	case !consult || o.Status == order.StatusClosed:
	case fromArticle:
		if _, err := u.o.Knowledge.AnswerFrom(ctx, actor, o.Number, o.Version, article.ID); err != nil {
			target += "&answer_error=1"
		}
	case f.Answer != "":
		if _, err := u.o.Orders.Answer(ctx, actor, o.Number, o.Version, f.Answer); err != nil {
			target += "&answer_error=1"
		}
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// newIdempotencyKey is written into the form when it is drawn, so a double
// submit of that form files one order.
func newIdempotencyKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "console-" + hex.EncodeToString(b)
}
