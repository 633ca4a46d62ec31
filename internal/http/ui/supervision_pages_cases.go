package ui

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/supervision"
)

// supCaseRow is a case as the lists and the case page show it.
type supCaseRow struct {
	ID                          int64
	Number                      string
	Reason, ReasonLabel         string
	Status, StatusLabel         string
	Demand, DemandShort         string
	Due, DueISO                 string
	Overdue                     bool
	Handler                     string
	OpenedBy, Opened, OpenedISO string
	Answer, AnsweredBy          string
	Answered, AnsweredISO       string
	Outcome, ClosedBy           string
	Closed, ClosedISO           string
	Accountability              []supAccountabilityView
	Version                     int
}

type supAccountabilityView struct {
	Kind, Subject, Measure, Note, By string
}

func (u *UI) supCaseView(r *http.Request, lang Lang, names *orderNameCache, c supervision.Case) supCaseRow {
	loc := shanghaiLocation()
	at := func(t time.Time) (string, string) {
		if t.IsZero() {
			return "", ""
		}
		return t.In(loc).Format("2006-01-02 15:04"), t.Format(time.RFC3339)
	}
	v := supCaseRow{ID: c.ID, Number: c.Number, Reason: string(c.Reason), ReasonLabel: lang.T("sup.reason." + string(c.Reason)),
		Status: string(c.Status), StatusLabel: lang.T("sup.status." + string(c.Status)), Demand: c.Demand,
		DemandShort: clip(c.Demand, 40), Overdue: c.Overdue(u.now()), OpenedBy: c.OpenedBy, Answer: c.Answer,
		AnsweredBy: c.AnsweredBy, Outcome: c.Outcome, ClosedBy: c.ClosedBy, Version: c.Version}
	v.Due, v.DueISO = at(c.DueAt)
	v.Opened, v.OpenedISO = at(c.OpenedAt)
	v.Answered, v.AnsweredISO = at(c.AnsweredAt)
	v.Closed, v.ClosedISO = at(c.ClosedAt)
	v.Handler = names.handler(r.Context(), u, lang, c.Level, c.Handler)
	for _, e := range c.Accountability {
		v.Accountability = append(v.Accountability, supAccountabilityView{Kind: lang.T("sup.subject." + e.SubjectKind),
			Subject: e.Subject, Measure: lang.T("sup.measure." + string(e.Measure)), Note: e.Note, By: e.RecordedBy})
	}
	return v
}

var supStatuses = []supervision.Status{supervision.StatusOpen, supervision.StatusAnswered, supervision.StatusClosed}

type supCasesData struct {
	Overseer bool
	Status   string
	Statuses []option
	Cases    []supCaseRow
	Total    int
	// ExportQuery is the filter, for the ledger downloads.
	ExportQuery string
}

// supCases is GET /supervision/cases[?status=]: the cases in the user's
// scope, the soonest due first.
func (u *UI) supCases(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	pg := u.newPage(w, r, p, "sup.cases.title")
	status := r.URL.Query().Get("status")
	if !slices.Contains(supStatuses, supervision.Status(status)) {
		status = ""
	}
	page, err := u.o.Supervision.List(ctx, staffActor(r, p), supervision.Filter{Status: supervision.Status(status), Limit: 200})
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	names, err := u.orderNames(ctx, pg.Lang)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d := supCasesData{Overseer: supervision.Oversees(staffActor(r, p)), Status: status, Total: page.Total}
	if status != "" {
		d.ExportQuery = "status=" + status
	}
	for _, s := range supStatuses {
		d.Statuses = append(d.Statuses, option{Value: string(s), Label: pg.T("sup.status." + string(s)), Selected: string(s) == status})
	}
	for _, c := range page.Cases {
		d.Cases = append(d.Cases, u.supCaseView(r, pg.Lang, names, c))
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "supervision_cases", pg)
}

// supAnswerForm and supCloseForm are the case page's forms as typed.
type supAnswerForm struct {
	Answer string
	Errors map[string]string
	Error  string
}

type supAccountabilityForm struct {
	Kind, Subject, Measure, Note string
	Errors                       map[string]string
}

type supCloseForm struct {
	Outcome        string
	Accountability []supAccountabilityForm
	Errors         map[string]string
	Error          string
}

// supAccountabilityRows is how many accountability entries the close form
// offers; empty ones are ignored.
const supAccountabilityRows = 3

type supCaseData struct {
	Case      supCaseRow
	Order     *orderRow
	Done      string
	CanAnswer bool
	CanClose  bool
	// WaitUntil is set when the supervisor may not close yet: the
	// handler has until then to answer.
	WaitUntil string
	Answer    supAnswerForm
	Close     supCloseForm
	Kinds     []option
	Measures  []option
}

// supCase is GET /supervision/cases/{id}.
func (u *UI) supCase(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	done := r.URL.Query().Get("done")
	if !slices.Contains([]string{"opened", "answered", "closed"}, done) {
		done = ""
	}
	u.renderCase(w, r, p, http.StatusOK, supAnswerForm{}, supCloseForm{}, done)
}

func (u *UI) renderCase(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, answer supAnswerForm,
	closeForm supCloseForm, done string) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	a := staffActor(r, p)
	c, err := u.o.Supervision.Get(ctx, a, id)
	if err != nil {
		u.caseError(w, r, p, err)
		return
	}
	o, err := u.o.Orders.Get(ctx, a, c.Number)
	if err != nil {
		u.caseError(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "sup.case.title")
	pg.Title = pg.Tf("sup.case.heading", c.ID)
	names, err := u.orderNames(ctx, pg.Lang)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	rows, err := u.orderRows(ctx, pg.Lang, []order.Order{o})
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	now := u.now()
	d := supCaseData{Case: u.supCaseView(r, pg.Lang, names, c), Order: &rows[0], Done: done, Answer: answer, Close: closeForm}
	acts := supervision.Actions(a, c, o, now)
	d.CanAnswer = slices.Contains(acts, supervision.ActionAnswer)
	d.CanClose = slices.Contains(acts, supervision.ActionClose)
	if _, wait := supervision.CloseWaitsUntil(a, c, now); wait {
		d.WaitUntil = d.Case.Due
	}
	for len(d.Close.Accountability) < supAccountabilityRows {
		d.Close.Accountability = append(d.Close.Accountability, supAccountabilityForm{Kind: supervision.SubjectUnit})
	}
	for _, k := range []string{supervision.SubjectUnit, supervision.SubjectPerson} {
		d.Kinds = append(d.Kinds, option{Value: k, Label: pg.T("sup.subject." + k)})
	}
	for _, m := range supervision.Measures() {
		d.Measures = append(d.Measures, option{Value: string(m), Label: pg.T("sup.measure." + string(m))})
	}
	pg.D = d
	u.render(w, r, status, "supervision_case", pg)
}

// caseError shows the page for an error reading a case.
func (u *UI) caseError(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error) {
	if isCaseNotFound(err) {
		u.notFound(w, r)
		return
	}
	u.fail(w, r, p, err)
}

func isCaseNotFound(err error) bool {
	return errors.Is(err, supervision.ErrNotFound) || errors.Is(err, order.ErrNotFound)
}

// supAnswer is POST /supervision/cases/{id}/answer: the handler answers.
func (u *UI) supAnswer(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	lang := langOf(w, r)
	form := supAnswerForm{Answer: r.FormValue("answer"), Errors: map[string]string{}}
	version, _ := strconv.Atoi(r.FormValue("version"))
	if _, err := u.o.Supervision.Answer(r.Context(), staffActor(r, p), id, version, form.Answer); err != nil {
		status, ok := u.supFormError(w, r, p, lang, err, form.Errors, &form.Error)
		if ok {
			u.renderCase(w, r, p, status, form, supCloseForm{}, "")
		}
		return
	}
	http.Redirect(w, r, "/supervision/cases/"+strconv.FormatInt(id, 10)+"?done=answered", http.StatusSeeOther)
}

// supClose is POST /supervision/cases/{id}/close: the supervisor closes
// the case with an outcome and any accountability (rows without a
// subject are left out).
func (u *UI) supClose(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	lang := langOf(w, r)
	if err := r.ParseForm(); err != nil {
		u.notFound(w, r)
		return
	}
	form := supCloseForm{Outcome: r.PostForm.Get("outcome"), Errors: map[string]string{}}
	kinds, subjects, measures, notes := r.PostForm["acc_kind"], r.PostForm["acc_subject"], r.PostForm["acc_measure"], r.PostForm["acc_note"]
	var acc []supervision.Accountability
	var sent []int // form row of each entry sent
	for i := 0; i < min(len(subjects), supAccountabilityRows*2); i++ {
		e := supAccountabilityForm{Subject: subjects[i], Kind: at(kinds, i), Measure: at(measures, i), Note: at(notes, i),
			Errors: map[string]string{}}
		form.Accountability = append(form.Accountability, e)
		if strings.TrimSpace(e.Subject) == "" && strings.TrimSpace(e.Note) == "" {
			continue
		}
		acc = append(acc, supervision.Accountability{SubjectKind: e.Kind, Subject: e.Subject,
			Measure: supervision.Measure(e.Measure), Note: e.Note})
		sent = append(sent, i)
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if _, err := u.o.Supervision.Close(r.Context(), staffActor(r, p), id, version, form.Outcome, acc); err != nil {
		status, ok := u.supFormError(w, r, p, lang, err, form.Errors, &form.Error)
		if !ok {
			return
		}
		// Entry errors ("accountability[1].measure") go to their row.
		for k, msg := range form.Errors {
			var n int
			var field string
			if _, scanErr := fmt.Sscanf(k, "accountability[%d].%s", &n, &field); scanErr == nil && n < len(sent) {
				form.Accountability[sent[n]].Errors[field] = msg
				delete(form.Errors, k)
			}
		}
		u.renderCase(w, r, p, status, supAnswerForm{}, form, "")
		return
	}
	http.Redirect(w, r, "/supervision/cases/"+strconv.FormatInt(id, 10)+"?done=closed", http.StatusSeeOther)
}

func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}
