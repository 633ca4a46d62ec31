package api

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/mediation"
	"civicgrid/internal/zone"
)

func (a *API) registerMediation(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/mediation/cases", httpx.RequireUser(a.listMediationCases))
	mux.HandleFunc("POST /api/v1/mediation/cases", httpx.RequireUser(a.openMediationCase))
	mux.HandleFunc("GET /api/v1/mediation/cases/{id}", httpx.RequireUser(a.getMediationCase))
	mux.HandleFunc("POST /api/v1/mediation/cases/{id}/parties", httpx.RequireUser(a.addMediationParty))
	mux.HandleFunc("POST /api/v1/mediation/cases/{id}/sessions", httpx.RequireUser(a.addMediationSession))
	mux.HandleFunc("POST /api/v1/mediation/cases/{id}/escalate", httpx.RequireUser(a.escalateMediationCase))
	mux.HandleFunc("POST /api/v1/mediation/cases/{id}/close", httpx.RequireUser(a.closeMediationCase))
	mux.HandleFunc("POST /api/v1/mediation/cases/{id}/reveal", httpx.RequireUser(a.revealMediationCase))
	mux.HandleFunc("GET /api/v1/mediation/measures", httpx.RequireUser(a.mediationMeasures))
}

func mediationActor(r *http.Request, p *httpx.Principal) mediation.Actor {
	return mediation.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

type mediationPartyJSON struct {
	ID     int64  `json:"id,omitempty"`
	Side   string `json:"side"`
	Name   string `json:"name"`
	Phone  string `json:"phone,omitempty"`
	Masked bool   `json:"masked"`
}

type mediationSessionJSON struct {
	HeldAt   time.Time `json:"held_at"`
	Place    string    `json:"place,omitempty"`
	Mediator string    `json:"mediator,omitempty"`
	Note     string    `json:"note"`
}

type mediationCaseJSON struct {
	ID            int64                  `json:"id"`
	CommunityCode string                 `json:"community_code"`
	CommunityName string                 `json:"community_name"`
	StreetCode    string                 `json:"street_code"`
	Level         string                 `json:"level"`
	DisputeType   string                 `json:"dispute_type"`
	Summary       string                 `json:"summary"`
	Mediator      string                 `json:"mediator,omitempty"`
	OrderNumber   string                 `json:"order_number,omitempty"`
	Status        string                 `json:"status"`
	Outcome       string                 `json:"outcome,omitempty"`
	Agreement     string                 `json:"agreement,omitempty"`
	ResultNote    string                 `json:"result_note,omitempty"`
	OpenedAt      time.Time              `json:"opened_at"`
	DueAt         time.Time              `json:"due_at"`
	Overdue       bool                   `json:"overdue"`
	EscalatedAt   *time.Time             `json:"escalated_at,omitempty"`
	ClosedAt      *time.Time             `json:"closed_at,omitempty"`
	Version       int                    `json:"version"`
	Parties       []mediationPartyJSON   `json:"parties,omitempty"`
	Sessions      []mediationSessionJSON `json:"sessions,omitempty"`
	Actions       []string               `json:"actions,omitempty"`
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.In(zone.Shanghai())
	return &t
}

func (a *API) toMediationJSON(act mediation.Actor, c mediation.Case, withActions bool) mediationCaseJSON {
	out := mediationCaseJSON{ID: c.ID, CommunityCode: c.CommunityCode, CommunityName: c.CommunityName, StreetCode: c.StreetCode, Level: c.Level,
		DisputeType: c.DisputeType, Summary: c.Summary, Mediator: c.Mediator, OrderNumber: c.OrderNumber, Status: c.Status, Outcome: c.Outcome,
		Agreement: c.Agreement, ResultNote: c.ResultNote, OpenedAt: c.OpenedAt.In(zone.Shanghai()), DueAt: c.DueAt.In(zone.Shanghai()),
		Overdue: c.Overdue(a.now()), EscalatedAt: timeOrNil(c.EscalatedAt), ClosedAt: timeOrNil(c.ClosedAt), Version: c.Version}
	for _, p := range c.Parties {
		out.Parties = append(out.Parties, mediationPartyJSON{ID: p.ID, Side: p.Side, Name: p.Name, Phone: p.Phone, Masked: !p.Revealed})
	}
	for _, s := range c.Sessions {
		out.Sessions = append(out.Sessions, mediationSessionJSON{HeldAt: s.HeldAt.In(zone.Shanghai()), Place: s.Place, Mediator: s.Mediator, Note: s.Note})
	}
	if withActions {
		out.Actions = mediation.Actions(act, c)
	}
	return out
}

func (a *API) writeMediationCase(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, c mediation.Case, extra map[string]any) {
	body := map[string]any{"case": a.toMediationJSON(mediationActor(r, p), c, true)}
	for k, v := range extra {
		body[k] = v
	}
	httpx.WriteJSON(w, status, body)
}

// listMediationCases: GET /api/v1/mediation/cases?under=&status=&level=&type=&limit=&offset=
func (a *API) listMediationCases(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	limit, offset, err := paging(r, 100, mediation.MaxList)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	q := r.URL.Query()
	act := mediationActor(r, p)
	cs, err := a.Life.Mediation.List(r.Context(), act, mediation.Filter{Under: q.Get("under"), Status: q.Get("status"), Level: q.Get("level"),
		Type: q.Get("type")}, limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]mediationCaseJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, a.toMediationJSON(act, c, false))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"cases": out, "limit": limit, "offset": offset})
}

type mediationPartyRequest struct {
	Side  string `json:"side"`
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

func (p mediationPartyRequest) input() mediation.PartyInput {
	return mediation.PartyInput{Side: p.Side, Name: p.Name, Phone: p.Phone}
}

// openMediationCase: POST /api/v1/mediation/cases — with order_number the
// case opens from that work order (its community, text and type).
func (a *API) openMediationCase(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		CommunityCode string                  `json:"community_code"`
		OrderNumber   string                  `json:"order_number"`
		DisputeType   string                  `json:"dispute_type"`
		Summary       string                  `json:"summary"`
		Mediator      string                  `json:"mediator"`
		Parties       []mediationPartyRequest `json:"parties"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	in := mediation.Input{CommunityCode: req.CommunityCode, DisputeType: req.DisputeType, Summary: req.Summary, Mediator: req.Mediator}
	for _, x := range req.Parties {
		in.Parties = append(in.Parties, x.input())
	}
	act := mediationActor(r, p)
	var c mediation.Case
	var err error
	if req.OrderNumber != "" {
		c, err = a.Life.Mediation.OpenFromOrder(r.Context(), act, req.OrderNumber, in)
	} else {
		c, err = a.Life.Mediation.Open(r.Context(), act, in)
	}
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/mediation/cases/"+strconv.FormatInt(c.ID, 10))
	a.writeMediationCase(w, r, p, http.StatusCreated, c, nil)
}

func (a *API) getMediationCase(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	c, err := a.Life.Mediation.Get(r.Context(), mediationActor(r, p), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeMediationCase(w, r, p, http.StatusOK, c, nil)
}

func (a *API) addMediationParty(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req mediationPartyRequest
	if !decodeBody(w, r, &req) {
		return
	}
	c, err := a.Life.Mediation.AddParty(r.Context(), mediationActor(r, p), id, req.input())
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeMediationCase(w, r, p, http.StatusOK, c, nil)
}

func (a *API) addMediationSession(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		HeldAt   time.Time `json:"held_at"`
		Place    string    `json:"place"`
		Mediator string    `json:"mediator"`
		Note     string    `json:"note"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	c, err := a.Life.Mediation.AddSession(r.Context(), mediationActor(r, p), id,
		mediation.SessionInput{HeldAt: req.HeldAt, Place: req.Place, Mediator: req.Mediator, Note: req.Note})
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeMediationCase(w, r, p, http.StatusOK, c, nil)
}

func (a *API) escalateMediationCase(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Version int    `json:"version"`
		Reason  string `json:"reason"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	c, err := a.Life.Mediation.Escalate(r.Context(), mediationActor(r, p), id, req.Version, req.Reason)
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeMediationCase(w, r, p, http.StatusOK, c, nil)
}

func (a *API) closeMediationCase(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Version   int    `json:"version"`
		Outcome   string `json:"outcome"`
		Agreement string `json:"agreement"`
		Note      string `json:"note"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	done, err := a.Life.Mediation.Close(r.Context(), mediationActor(r, p), id, req.Version,
		mediation.CloseInput{Outcome: req.Outcome, Agreement: req.Agreement, Note: req.Note})
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeMediationCase(w, r, p, http.StatusOK, done.Case, map[string]any{"order_step": done.OrderStep})
}

func (a *API) revealMediationCase(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Purpose string `json:"purpose"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	c, err := a.Life.Mediation.Reveal(r.Context(), mediationActor(r, p), id, req.Purpose)
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeMediationCase(w, r, p, http.StatusOK, c, nil)
}

// mediationMeasures: GET /api/v1/mediation/measures?under=&from=&to= (dates
// in China time, [from, to); default the current calendar year).
func (a *API) mediationMeasures(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	from, to, err := a.yearPeriod(r)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	m, err := a.Life.Mediation.Measure(r.Context(), mediationActor(r, p), r.URL.Query().Get("under"), from, to)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"from": from.Format(time.DateOnly), "to": to.Format(time.DateOnly),
		"received": m.Received, "concluded": m.Concluded, "success": m.Success, "failed": m.Failed, "litigation": m.Litigation,
		"escalated": m.Escalated, "open": m.Open, "overdue": m.Overdue, "success_rate": m.SuccessRate, "mean_days_to_close": m.MeanDays,
		"formula": "success_rate = success / concluded (cases closed in [from, to)); mean_days_to_close = mean(closed_at − opened_at) over those"})
}
