package ui

import (
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/supervision"
)

// registerSupervision adds the routes of the supervision pages
// (督办): the candidates by concern, where a supervisor opens a case; the
// cases; and one case, where the handler answers and the supervisor
// closes it with any accountability.
func (u *UI) registerSupervision(mux *http.ServeMux) {
	mux.HandleFunc("GET /supervision", u.overseer(u.supCandidates))
	mux.HandleFunc("POST /supervision/cases", u.overseer(u.supOpen))
	mux.HandleFunc("GET /supervision/cases", u.signedIn(u.supCases))
	exportRoutes(mux, "/supervision/cases/export", u.signedIn, u.supervisionExport)
	mux.HandleFunc("GET /supervision/cases/{id}", u.signedIn(u.supCase))
	mux.HandleFunc("POST /supervision/cases/{id}/answer", u.signedIn(u.supAnswer))
	mux.HandleFunc("POST /supervision/cases/{id}/close", u.signedIn(u.supClose))
}

// overseer lets supervisors and leaders in (supervision.Oversees; leaders
// only look, the engine refuses them every write); everyone else gets the 403 page. The case
// pages are open to every staff user, because handlers answer there; the
// engine shows each only the cases in their scope.
func (u *UI) overseer(h handler) http.HandlerFunc {
	return u.signedIn(func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		if !supervision.Oversees(staffActor(r, p)) {
			u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
			return
		}
		h(w, r, p)
	})
}

// supCandidatePage is one page of candidates: a supervisor reads down a
// short list and opens one case at a time (each row's form is folded).
const supCandidatePage = 20

// supOpenForm is the open-case form of one candidate as typed, with its
// errors.
type supOpenForm struct {
	Number, Demand, Due string
	Errors              map[string]string
	Error               string
}

type supTab struct {
	Reason, Label string
	Total         int
	Current       bool
}

type supCandidateRow struct {
	orderRow
	Reason              string
	CaseID              int64
	Returns, Reworks    int
	Rating, RatingLabel string
	Form                supOpenForm
}

type supCandidatesData struct {
	CanAct     bool
	Tabs       []supTab
	Reason     string
	Rows       []supCandidateRow
	Total      int
	DefaultDue string
	MinDue     string
	Error      string // about the page, not one row (a stale order)
	// Page is the page shown (from 1); From–To of Total are on it.
	Page, From, To   int
	PrevURL, NextURL string
}

// supCandidates is GET /supervision: the orders of one concern (?reason=),
// with an open-case form on each that has no active case.
func (u *UI) supCandidates(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderCandidates(w, r, p, http.StatusOK, r.URL.Query().Get("reason"), supOpenForm{}, "")
}

func (u *UI) renderCandidates(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, reason string,
	form supOpenForm, pageErr string) {
	ctx := r.Context()
	a := staffActor(r, p)
	pg := u.newPage(w, r, p, "sup.title")
	if !slices.Contains(supervision.Reasons(), supervision.Reason(reason)) {
		reason = string(supervision.ReasonOverdue)
	}
	today := u.now().In(shanghaiLocation())
	pageNo, _ := strconv.Atoi(r.FormValue("page"))
	pageNo = max(pageNo, 1)
	d := supCandidatesData{CanAct: supervision.MayOpen(a), Reason: reason, Error: pageErr, Page: pageNo,
		DefaultDue: today.AddDate(0, 0, 3).Format(time.DateOnly), MinDue: today.AddDate(0, 0, 1).Format(time.DateOnly)}
	for _, rs := range supervision.Reasons() {
		limit, offset := 1, 0
		if string(rs) == reason {
			limit, offset = supCandidatePage, (pageNo-1)*supCandidatePage
		}
		page, err := u.o.Supervision.Candidates(ctx, a, rs, limit, offset)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Tabs = append(d.Tabs, supTab{Reason: string(rs), Label: pg.T("sup.reason." + string(rs)), Total: page.Total,
			Current: string(rs) == reason})
		if string(rs) != reason {
			continue
		}
		d.Total = page.Total
		d.From, d.To = offset+1, offset+len(page.Candidates)
		pageURL := func(n int) string { return "/supervision?reason=" + reason + "&page=" + strconv.Itoa(n) }
		if pageNo > 1 {
			d.PrevURL = pageURL(pageNo - 1)
		}
		if d.To < page.Total {
			d.NextURL = pageURL(pageNo + 1)
		}
		orders := make([]order.Order, 0, len(page.Candidates))
		for _, c := range page.Candidates {
			orders = append(orders, c.Order)
		}
		rows, err := u.orderRows(ctx, pg.Lang, orders)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		for i, c := range page.Candidates {
			row := supCandidateRow{orderRow: rows[i], Reason: string(c.Reason), CaseID: c.CaseID,
				Returns: c.Order.Returns, Reworks: c.Order.Reworks, Rating: string(c.Order.Rating),
				Form: supOpenForm{Number: c.Order.Number, Due: d.DefaultDue}}
			if c.Order.Rating != "" {
				row.RatingLabel = pg.T("dispatch.rating." + string(c.Order.Rating))
			}
			if form.Number == c.Order.Number {
				row.Form = form
			}
			d.Rows = append(d.Rows, row)
		}
	}
	pg.D = d
	u.render(w, r, status, "supervision", pg)
}

// supOpen is POST /supervision/cases: open a case (督办) on an order.
func (u *UI) supOpen(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	lang := langOf(w, r)
	form := supOpenForm{Number: strings.TrimSpace(r.FormValue("number")), Demand: r.FormValue("demand"),
		Due: strings.TrimSpace(r.FormValue("due")), Errors: map[string]string{}}
	reason := r.FormValue("reason")
	version, _ := strconv.Atoi(r.FormValue("order_version"))
	due, err := supDueDate(form.Due)
	if err != nil {
		form.Errors["due_at"] = lang.T("sup.field.due_at")
	}
	if strings.TrimSpace(form.Demand) == "" {
		form.Errors["demand"] = lang.T("sup.field.demand")
	}
	if len(form.Errors) > 0 {
		u.renderCandidates(w, r, p, http.StatusUnprocessableEntity, reason, form, "")
		return
	}
	c, err := u.o.Supervision.Open(r.Context(), staffActor(r, p), supervision.OpenInput{Number: form.Number,
		OrderVersion: version, Reason: supervision.Reason(reason), Demand: form.Demand, DueAt: due})
	if err == nil {
		http.Redirect(w, r, "/supervision/cases/"+strconv.FormatInt(c.ID, 10)+"?done=opened", http.StatusSeeOther)
		return
	}
	status, ok := u.supFormError(w, r, p, lang, err, form.Errors, &form.Error)
	if !ok {
		return
	}
	pageErr := ""
	if status == http.StatusConflict && errors.Is(err, supervision.ErrStaleVersion) {
		pageErr, form.Error = form.Error, ""
	}
	u.renderCandidates(w, r, p, status, reason, form, pageErr)
}

// supDueDate reads a date (YYYY-MM-DD) as the end of that day in Shanghai.
func supDueDate(s string) (time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, s, shanghaiLocation())
	if err != nil {
		return time.Time{}, err
	}
	return d.Add(24*time.Hour - time.Minute), nil
}

// supFormError turns an engine error into field errors or a form message
// (ok) and the status to re-render with; errors that are no form's
// business (forbidden, not found, a failure) get their page and !ok.
func (u *UI) supFormError(w http.ResponseWriter, r *http.Request, p *httpx.Principal, lang Lang, err error,
	fields map[string]string, msg *string) (int, bool) {
	var sv *supervision.ValidationError
	var ov *order.ValidationError
	switch {
	case errors.As(err, &sv):
		fields[sv.Field] = fieldError(lang, "sup.field.", supIndex.ReplaceAllString(sv.Field, ""), sv.Msg)
		return http.StatusUnprocessableEntity, true
	case errors.As(err, &ov):
		*msg = fieldError(lang, "sup.field.", ov.Field, ov.Msg)
		return http.StatusUnprocessableEntity, true
	case errors.Is(err, supervision.ErrStaleVersion), errors.Is(err, order.ErrStaleVersion):
		*msg = lang.T("sup.stale")
		return http.StatusConflict, true
	case errors.Is(err, supervision.ErrIllegalState), errors.Is(err, order.ErrIllegalTransition):
		*msg = lang.T("sup.illegal") + " (" + supDetail(err) + ")"
		return http.StatusConflict, true
	default: // forbidden, not found, a failure: fail's page by kind
		u.fail(w, r, p, err)
	}
	return 0, false
}

// supIndex is the entry index in a field name ("accountability[0].measure"),
// left out to find the field's label.
var supIndex = regexp.MustCompile(`\[\d+\]`)

// supDetail is the engine's explanation without its package prefix.
func supDetail(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		return s[i+2:]
	}
	return s
}
