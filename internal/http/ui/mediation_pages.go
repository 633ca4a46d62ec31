package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/mediation"
	"civicgrid/internal/order"
	"civicgrid/internal/org"
)

// registerMediation adds the 人民调解 pages: /mediation lists the cases of
// the caller's area with the year's measures and opens new ones (also from
// a work order's number); /mediation/{id} shows a case and offers the
// steps the domain allows now (mediation.Actions).
func (u *UI) registerMediation(mux *http.ServeMux) {
	if u.o.Life == nil || u.o.Life.Mediation == nil {
		return
	}
	mux.HandleFunc("GET /mediation", u.signedIn(u.mediationList))
	mux.HandleFunc("POST /mediation", u.signedIn(u.mediationOpen))
	mux.HandleFunc("GET /mediation/{id}", u.signedIn(u.mediationCase))
	mux.HandleFunc("POST /mediation/{id}/{step}", u.signedIn(u.mediationStep))
}

func mediationActorOf(r *http.Request, p *httpx.Principal) mediation.Actor {
	return mediation.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

type medOption struct{ Value, Label string }

type medRow struct {
	mediation.Case
	TypeLabel, LevelLabel, StatusLabel, OutcomeLabel string
	Opened, Due, Closed                              string
	Overdue                                          bool
}

type medMeasures struct {
	Year                                                   int
	Received, Concluded, Success, Escalated, Open, Overdue int
	Rate, Days                                             string
}

type mediationListData struct {
	Rows        []medRow
	Measures    *medMeasures
	Status      string
	MayOpen     bool
	Communities []medOption
	Types       []medOption
	Sides       []medOption
	Form        map[string]string
	Error, Done string
}

func labelOf(ls []mediation.Label, code string, lang Lang) string {
	for _, l := range ls {
		if l.Code == code {
			if lang == LangZH {
				return l.Zh
			}
			return l.En
		}
	}
	return code
}

func optionsOf(ls []mediation.Label, lang Lang) []medOption {
	out := make([]medOption, 0, len(ls))
	for _, l := range ls {
		out = append(out, medOption{l.Code, labelOf(ls, l.Code, lang)})
	}
	return out
}

func (u *UI) medRow(c mediation.Case, lang Lang) medRow {
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(shanghaiLocation()).Format("2006-01-02")
	}
	return medRow{Case: c, TypeLabel: labelOf(mediation.DisputeTypes, c.DisputeType, lang), LevelLabel: labelOf(mediation.LevelNames, c.Level, lang),
		StatusLabel: labelOf(mediation.StatusNames, c.Status, lang), OutcomeLabel: labelOf(mediation.Outcomes, c.Outcome, lang),
		Opened: day(c.OpenedAt), Due: day(c.DueAt), Closed: day(c.ClosedAt), Overdue: c.Overdue(u.now())}
}

// lifeMessage is a refused step's message in the page language; without
// a Chinese half, the kind's sentence.
func lifeMessage(err error, lang Lang) string {
	return localMessage(lang, err, lang.T("life.err."+errs.KindOf(err).String()))
}

func statusOfKind(err error) int {
	switch errs.KindOf(err) {
	case errs.Invalid:
		return http.StatusBadRequest
	case errs.Conflict, errs.Stale:
		return http.StatusConflict
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.NotFound:
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

// communitiesIn lists the communities (社区/村) under the scope's node, for
// the open form.
func (u *UI) communitiesIn(ctx context.Context, code string) ([]medOption, error) {
	r, err := org.GetRegion(ctx, u.o.DB, code)
	if err != nil {
		return nil, err
	}
	if r.Level == org.LevelCommunity || r.Level == org.LevelVillage {
		return []medOption{{r.Code, r.Name}}, nil
	}
	kids, err := org.Children(ctx, u.o.DB, code)
	if err != nil {
		return nil, err
	}
	var out []medOption
	for _, k := range kids {
		if len(k.Code) > 12 {
			continue
		}
		sub, err := u.communitiesIn(ctx, k.Code)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
		if len(out) > 500 {
			break
		}
	}
	return out, nil
}

func (u *UI) mediationList(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderMediationList(w, r, p, http.StatusOK, "", nil)
}

func (u *UI) renderMediationList(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, errMsg string, form map[string]string) {
	ctx := r.Context()
	if !mediation.MayRead(p.User.Role) || p.Scope.IsZero() {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	pg := u.newPage(w, r, p, "med.title")
	act := mediationActorOf(r, p)
	d := mediationListData{Status: r.URL.Query().Get("status"), MayOpen: mediation.MayOpen(p.User.Role), Error: errMsg, Form: form,
		Types: optionsOf(mediation.DisputeTypes, pg.Lang), Sides: optionsOf(mediation.Sides, pg.Lang)}
	if d.Status != mediation.StatusOpen && d.Status != mediation.StatusClosed {
		d.Status = ""
	}
	if done := r.URL.Query().Get("done"); strings.HasPrefix(done, "med.done.") {
		d.Done = pg.T(done)
	}
	cases, err := u.o.Life.Mediation.List(ctx, act, mediation.Filter{Status: d.Status}, 200, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, c := range cases {
		d.Rows = append(d.Rows, u.medRow(c, pg.Lang))
	}
	if d.Measures, err = u.mediationMeasures(ctx, act); err != nil {
		u.fail(w, r, p, err)
		return
	}
	if d.MayOpen {
		if d.Communities, err = u.communitiesIn(ctx, p.Scope.RegionPrefix()); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	pg.D = d
	u.render(w, r, status, "mediation", pg)
}

// mediationMeasures are the calendar year's measures of the actor's area.
func (u *UI) mediationMeasures(ctx context.Context, act mediation.Actor) (*medMeasures, error) {
	now := u.now().In(shanghaiLocation())
	from := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, shanghaiLocation())
	m, err := u.o.Life.Mediation.Measure(ctx, act, "", from, from.AddDate(1, 0, 0))
	if err != nil {
		return nil, err
	}
	out := &medMeasures{Year: now.Year(), Received: m.Received, Concluded: m.Concluded, Success: m.Success, Escalated: m.Escalated,
		Open: m.Open, Overdue: m.Overdue, Rate: "—", Days: "—"}
	if m.Concluded > 0 {
		out.Rate = strconv.FormatFloat(m.SuccessRate*100, 'f', 1, 64) + "%"
		out.Days = strconv.FormatFloat(m.MeanDays, 'f', 1, 64)
	}
	return out, nil
}

func (u *UI) mediationOpen(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := formOf(r, "community_code", "order_number", "dispute_type", "summary", "mediator",
		"applicant_name", "applicant_phone", "respondent_name", "respondent_phone")
	in := mediation.Input{CommunityCode: f["community_code"], DisputeType: f["dispute_type"], Summary: f["summary"], Mediator: f["mediator"]}
	for _, side := range []string{"applicant", "respondent"} {
		if name := strings.TrimSpace(f[side+"_name"]); name != "" || f[side+"_phone"] != "" {
			in.Parties = append(in.Parties, mediation.PartyInput{Side: side, Name: name, Phone: f[side+"_phone"]})
		}
	}
	act := mediationActorOf(r, p)
	var c mediation.Case
	var err error
	if number := strings.TrimSpace(f["order_number"]); number != "" {
		c, err = u.o.Life.Mediation.OpenFromOrder(r.Context(), act, number, in)
	} else {
		c, err = u.o.Life.Mediation.Open(r.Context(), act, in)
	}
	if err != nil {
		status := statusOfKind(err)
		if status == http.StatusInternalServerError {
			u.fail(w, r, p, err)
			return
		}
		u.renderMediationList(w, r, p, status, lifeMessage(err, langOf(w, r)), f)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/mediation/%d?done=med.done.open", c.ID), http.StatusSeeOther)
}

type mediationCaseData struct {
	Row      medRow
	Parties  []medParty
	Sessions []medSession
	Actions  map[string]bool
	Outcomes []medOption
	Sides    []medOption
	Form     map[string]string
	Error    string
	Done     string
	Step     string // the form a refused step came from, reopened
}

type medParty struct {
	mediation.Party
	SideLabel string
}

type medSession struct {
	mediation.Session
	When string
}

func (u *UI) mediationCase(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	c, err := u.o.Life.Mediation.Get(r.Context(), mediationActorOf(r, p), id)
	if err != nil {
		u.refuseMediation(w, r, p, err)
		return
	}
	done := r.URL.Query().Get("done")
	if !strings.HasPrefix(done, "med.done.") {
		done = ""
	}
	u.renderMediationCase(w, r, p, http.StatusOK, c, done, "", "", nil)
}

func (u *UI) refuseMediation(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error) {
	switch errs.KindOf(err) {
	case errs.NotFound:
		u.notFound(w, r)
	case errs.Forbidden:
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
	default:
		u.fail(w, r, p, err)
	}
}

func (u *UI) renderMediationCase(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, c mediation.Case, done, errMsg, step string, form map[string]string) {
	pg := u.newPage(w, r, p, "med.case.title")
	pg.Title = pg.Tf("med.case.heading", c.ID)
	d := mediationCaseData{Row: u.medRow(c, pg.Lang), Actions: map[string]bool{}, Outcomes: optionsOf(mediation.Outcomes, pg.Lang),
		Sides: optionsOf(mediation.Sides, pg.Lang), Error: errMsg, Step: step, Form: form}
	if done != "" {
		d.Done = pg.T(done)
	}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	for _, a := range mediation.Actions(mediationActorOf(r, p), c) {
		d.Actions[a] = true
	}
	for _, x := range c.Parties {
		d.Parties = append(d.Parties, medParty{Party: x, SideLabel: labelOf(mediation.Sides, x.Side, pg.Lang)})
	}
	for _, s := range c.Sessions {
		d.Sessions = append(d.Sessions, medSession{Session: s, When: s.HeldAt.In(shanghaiLocation()).Format("2006-01-02 15:04")})
	}
	pg.D = d
	u.render(w, r, status, "mediation_case", pg)
}

var mediationSteps = []string{mediation.ActionParty, mediation.ActionSession, mediation.ActionEscalate, mediation.ActionClose, mediation.ActionReveal}

// mediationStep runs one step of a case from its page's forms.
func (u *UI) mediationStep(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	step := r.PathValue("step")
	if err != nil || !slices.Contains(mediationSteps, step) {
		u.notFound(w, r)
		return
	}
	ctx, act := r.Context(), mediationActorOf(r, p)
	version, _ := strconv.Atoi(r.FormValue("version"))
	f := formOf(r, "side", "name", "phone", "place", "note", "reason", "outcome", "agreement", "purpose")
	var c mediation.Case
	done := "med.done." + step
	switch step {
	case mediation.ActionParty:
		c, err = u.o.Life.Mediation.AddParty(ctx, act, id, mediation.PartyInput{Side: f["side"], Name: f["name"], Phone: f["phone"]})
	case mediation.ActionSession:
		c, err = u.o.Life.Mediation.AddSession(ctx, act, id, mediation.SessionInput{Place: f["place"], Note: f["note"]})
	case mediation.ActionEscalate:
		c, err = u.o.Life.Mediation.Escalate(ctx, act, id, version, f["reason"])
	case mediation.ActionClose:
		var closed mediation.Closed
		closed, err = u.o.Life.Mediation.Close(ctx, act, id, version, mediation.CloseInput{Outcome: f["outcome"], Agreement: f["agreement"], Note: f["note"]})
		c = closed.Case
		if closed.OrderStep != "" {
			done = "med.done.close." + closed.OrderStep
		}
	case mediation.ActionReveal:
		if c, err = u.o.Life.Mediation.Reveal(ctx, act, id, f["purpose"]); err == nil {
			u.renderMediationCase(w, r, p, http.StatusOK, c, "med.done.reveal", "", "", nil)
			return
		}
	}
	if err != nil {
		status := statusOfKind(err)
		cur, gerr := u.o.Life.Mediation.Get(ctx, act, id)
		if status == http.StatusInternalServerError || status == http.StatusNotFound || gerr != nil {
			u.refuseMediation(w, r, p, err)
			return
		}
		u.renderMediationCase(w, r, p, status, cur, "", lifeMessage(err, langOf(w, r)), step, f)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/mediation/%d?%s", c.ID, url.Values{"done": {done}}.Encode()), http.StatusSeeOther)
}

// dashboardMediation is the year's mediation figures for the desk of a
// user who reads them (nil for everyone else).
func (u *UI) dashboardMediation(r *http.Request, p *httpx.Principal) (*medMeasures, error) {
	if u.o.Life == nil || u.o.Life.Mediation == nil || !mediation.MayRead(p.User.Role) || p.Scope.IsZero() {
		return nil, nil
	}
	return u.mediationMeasures(r.Context(), mediationActorOf(r, p))
}

// orderMediation is the order page's 人民调解 box: a link to the case the
// order opened, or the one-step form that opens it (nil: nothing to show).
type orderMediation struct{ CaseID int64 }

func (u *UI) orderMediation(r *http.Request, p *httpx.Principal, o order.Order) (*orderMediation, error) {
	if u.o.Life == nil || u.o.Life.Mediation == nil {
		return nil, nil
	}
	id, mayOpen, err := u.o.Life.Mediation.OrderLink(r.Context(), mediationActorOf(r, p), o)
	if err != nil || (id == 0 && !mayOpen) {
		return nil, err
	}
	return &orderMediation{CaseID: id}, nil
}
