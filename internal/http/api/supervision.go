package api

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/supervision"
)

type accountabilityJSON struct {
	SubjectKind string     `json:"subject_kind"`
	Subject     string     `json:"subject"`
	Measure     string     `json:"measure"`
	Note        string     `json:"note,omitempty"`
	RecordedBy  string     `json:"recorded_by,omitempty"`
	RecordedAt  *time.Time `json:"recorded_at,omitempty"`
}

type caseJSON struct {
	ID             int64                `json:"id"`
	Number         string               `json:"number"`
	Reason         string               `json:"reason"`
	Status         string               `json:"status"`
	Demand         string               `json:"demand"`
	DueAt          *time.Time           `json:"due_at"`
	Overdue        bool                 `json:"overdue"`
	Level          string               `json:"level"`
	Handler        string               `json:"handler"`
	OpenedBy       string               `json:"opened_by"`
	OpenedAt       *time.Time           `json:"opened_at"`
	Answer         string               `json:"answer,omitempty"`
	AnsweredBy     string               `json:"answered_by,omitempty"`
	AnsweredAt     *time.Time           `json:"answered_at,omitempty"`
	Outcome        string               `json:"outcome,omitempty"`
	ClosedBy       string               `json:"closed_by,omitempty"`
	ClosedAt       *time.Time           `json:"closed_at,omitempty"`
	Accountability []accountabilityJSON `json:"accountability"`
	Version        int                  `json:"version"`
}

func toCaseJSON(c supervision.Case, now time.Time) caseJSON {
	j := caseJSON{ID: c.ID, Number: c.Number, Reason: string(c.Reason), Status: string(c.Status), Demand: c.Demand,
		DueAt: cst(c.DueAt), Overdue: c.Overdue(now), Level: c.Level, Handler: c.Handler, OpenedBy: c.OpenedBy,
		OpenedAt: cst(c.OpenedAt), Answer: c.Answer, AnsweredBy: c.AnsweredBy, AnsweredAt: cst(c.AnsweredAt),
		Outcome: c.Outcome, ClosedBy: c.ClosedBy, ClosedAt: cst(c.ClosedAt), Version: c.Version,
		Accountability: []accountabilityJSON{}}
	for _, a := range c.Accountability {
		j.Accountability = append(j.Accountability, accountabilityJSON{a.SubjectKind, a.Subject, string(a.Measure), a.Note, a.RecordedBy, cst(a.RecordedAt)})
	}
	return j
}

func (a *API) writeCases(w http.ResponseWriter, page supervision.Page) {
	out := make([]caseJSON, 0, len(page.Cases))
	for _, c := range page.Cases {
		out = append(out, toCaseJSON(c, a.now()))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"cases": out, "total": page.Total})
}

// supervisionCandidates: ?reason=overdue|returned|reopened|unsatisfied
func (a *API) supervisionCandidates(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := paging(r, 50, 500)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	page, err := a.Supervision.Candidates(r.Context(), actorFor(r), supervision.Reason(r.URL.Query().Get("reason")), limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	type candidateJSON struct {
		Reason string    `json:"reason"`
		Order  orderJSON `json:"order"`
		CaseID int64     `json:"case_id,omitempty"`
	}
	out := make([]candidateJSON, 0, len(page.Candidates))
	for _, c := range page.Candidates {
		out = append(out, candidateJSON{string(c.Reason), toOrderJSON(c.Order), c.CaseID})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"candidates": out, "total": page.Total})
}

func (a *API) openCase(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Number       string    `json:"number"`
		OrderVersion int       `json:"order_version"`
		Reason       string    `json:"reason"`
		Demand       string    `json:"demand"`
		DueAt        time.Time `json:"due_at"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	c, err := a.Supervision.Open(r.Context(), actorFor(r), supervision.OpenInput{Number: in.Number, OrderVersion: in.OrderVersion,
		Reason: supervision.Reason(in.Reason), Demand: in.Demand, DueAt: in.DueAt})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, toCaseJSON(c, a.now()))
}

func (a *API) listCases(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := paging(r, 50, 500)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	q := r.URL.Query()
	page, err := a.Supervision.List(r.Context(), actorFor(r), supervision.Filter{Status: supervision.Status(q.Get("status")),
		Number: q.Get("number"), Limit: limit, Offset: offset})
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeCases(w, page)
}

func (a *API) overdueCases(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := paging(r, 50, 500)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	page, err := a.Supervision.Overdue(r.Context(), actorFor(r), limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeCases(w, page)
}

func caseID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil
}

func (a *API) getCase(w http.ResponseWriter, r *http.Request) {
	id, ok := caseID(r)
	if !ok {
		notFound(w, "supervision case")
		return
	}
	c, acts, err := a.Supervision.Actions(r.Context(), actorFor(r), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	// actions: what the caller may do to the case now (supervision.Actions).
	out := struct {
		caseJSON
		Actions []string `json:"actions"`
	}{toCaseJSON(c, a.now()), []string{}}
	for _, act := range acts {
		out.Actions = append(out.Actions, caseActionName(act))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

// caseActionName is a case step by the last part of its endpoint.
func caseActionName(act order.Action) string {
	switch act {
	case supervision.ActionAnswer:
		return "answer"
	case supervision.ActionClose:
		return "close"
	}
	return string(act)
}

func (a *API) answerCase(w http.ResponseWriter, r *http.Request) {
	id, ok := caseID(r)
	if !ok {
		notFound(w, "supervision case")
		return
	}
	var in struct {
		Version int    `json:"version"`
		Answer  string `json:"answer"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	c, err := a.Supervision.Answer(r.Context(), actorFor(r), id, in.Version, in.Answer)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toCaseJSON(c, a.now()))
}

func (a *API) closeCase(w http.ResponseWriter, r *http.Request) {
	id, ok := caseID(r)
	if !ok {
		notFound(w, "supervision case")
		return
	}
	var in struct {
		Version        int                  `json:"version"`
		Outcome        string               `json:"outcome"`
		Accountability []accountabilityJSON `json:"accountability"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	acc := make([]supervision.Accountability, 0, len(in.Accountability))
	for _, x := range in.Accountability {
		acc = append(acc, supervision.Accountability{SubjectKind: x.SubjectKind, Subject: x.Subject,
			Measure: supervision.Measure(x.Measure), Note: x.Note})
	}
	c, err := a.Supervision.Close(r.Context(), actorFor(r), id, in.Version, in.Outcome, acc)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toCaseJSON(c, a.now()))
}
