package api

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/party"
	"civicgrid/internal/zone"
)

// registerParty adds the 党建 routes (docs/api.md, "Party building").
func (a *API) registerParty(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/party/orgs", httpx.RequireUser(a.partyOrgs))
	mux.HandleFunc("POST /api/v1/party/orgs", httpx.RequireUser(a.addPartyOrg))
	mux.HandleFunc("GET /api/v1/party/units", httpx.RequireUser(a.partyUnits))
	mux.HandleFunc("POST /api/v1/party/units", httpx.RequireUser(a.addPartyUnit))
	mux.HandleFunc("GET /api/v1/party/members", httpx.RequireUser(a.partyMembers))
	mux.HandleFunc("POST /api/v1/party/members", httpx.RequireUser(a.addPartyMember))
	mux.HandleFunc("GET /api/v1/party/members/{id}", httpx.RequireUser(a.partyMember))
	mux.HandleFunc("POST /api/v1/party/members/{id}/reports", httpx.RequireUser(a.partyReport))
	mux.HandleFunc("POST /api/v1/party/members/{id}/reveal", httpx.RequireUser(a.partyReveal))
	mux.HandleFunc("POST /api/v1/party/members/{id}/link", httpx.RequireUser(a.partyLink))
	mux.HandleFunc("GET /api/v1/party/tasks", httpx.RequireUser(a.partyTasks))
	mux.HandleFunc("POST /api/v1/party/tasks", httpx.RequireUser(a.addPartyTask))
	mux.HandleFunc("POST /api/v1/party/tasks/{id}/claims", httpx.RequireUser(a.claimPartyTask))
	mux.HandleFunc("POST /api/v1/party/tasks/{id}/done", httpx.RequireUser(a.completePartyTask))
	mux.HandleFunc("POST /api/v1/party/tasks/{id}/close", httpx.RequireUser(a.closePartyTask))
	mux.HandleFunc("GET /api/v1/party/pairs", httpx.RequireUser(a.partyPairs))
	mux.HandleFunc("POST /api/v1/party/pairs", httpx.RequireUser(a.addPartyPair))
	mux.HandleFunc("GET /api/v1/party/pairs/{id}/visits", httpx.RequireUser(a.partyVisits))
	mux.HandleFunc("POST /api/v1/party/pairs/{id}/visits", httpx.RequireUser(a.logPartyVisit))
	mux.HandleFunc("GET /api/v1/party/cadres", httpx.RequireUser(a.partyCadres))
	mux.HandleFunc("POST /api/v1/party/cadres", httpx.RequireUser(a.assignPartyCadre))
	mux.HandleFunc("POST /api/v1/party/cadres/{id}/duties", httpx.RequireUser(a.addPartyDuty))
	mux.HandleFunc("POST /api/v1/party/cadres/{id}/services", httpx.RequireUser(a.recordPartyService))
	mux.HandleFunc("GET /api/v1/party/receptions", httpx.RequireUser(a.partyReceptions))
	mux.HandleFunc("POST /api/v1/party/receptions", httpx.RequireUser(a.schedulePartyReception))
	mux.HandleFunc("POST /api/v1/party/receptions/{id}/matters", httpx.RequireUser(a.recordPartyMatter))
	mux.HandleFunc("POST /api/v1/party/matters/{id}/order", httpx.RequireUser(a.filePartyMatter))
	mux.HandleFunc("GET /api/v1/party/measures", httpx.RequireUser(a.partyMeasures))
}

func partyActor(r *http.Request, p *httpx.Principal) party.Actor {
	return party.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

func (a *API) partyOrgs(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	v, err := a.Life.Party.Orgs(r.Context(), partyActor(r, p), r.URL.Query().Get("under"))
	replyItems(w, r, v, err)
}

func (a *API) addPartyOrg(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var in party.OrgInput
	if decodeBody(w, r, &in) {
		v, err := a.Life.Party.AddOrg(r.Context(), partyActor(r, p), in)
		reply(w, r, http.StatusCreated, v, err)
	}
}

func (a *API) partyUnits(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	v, err := a.Life.Party.Units(r.Context(), partyActor(r, p))
	replyItems(w, r, v, err)
}

func (a *API) addPartyUnit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var in party.UnitInput
	if decodeBody(w, r, &in) {
		v, err := a.Life.Party.AddUnit(r.Context(), partyActor(r, p), in)
		reply(w, r, http.StatusCreated, v, err)
	}
}

func (a *API) partyMembers(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q := r.URL.Query()
	unit, _ := strconv.ParseInt(q.Get("unit_id"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	v, err := a.Life.Party.Members(r.Context(), partyActor(r, p), party.MemberFilter{Under: q.Get("under"), Kind: q.Get("kind"),
		UnitID: unit, Name: q.Get("name")}, limit, offset)
	replyItems(w, r, v, err)
}

func (a *API) addPartyMember(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var in party.MemberInput
	if decodeBody(w, r, &in) {
		v, err := a.Life.Party.AddMember(r.Context(), partyActor(r, p), in)
		reply(w, r, http.StatusCreated, v, err)
	}
}

func (a *API) partyMember(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	if id, ok := pathID(w, r); ok {
		act := partyActor(r, p)
		m, err := a.Life.Party.GetMember(r.Context(), act, id)
		reply(w, r, http.StatusOK, map[string]any{"member": m, "due": m.DueCommunities(), "actions": party.Actions(act, m)}, err)
	}
}

func (a *API) partyReport(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Community string `json:"community_code"`
	}
	if id, ok := pathID(w, r); ok && decodeBody(w, r, &req) {
		v, err := a.Life.Party.RecordReport(r.Context(), partyActor(r, p), id, req.Community)
		reply(w, r, http.StatusCreated, v, err)
	}
}

func (a *API) partyReveal(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Purpose string `json:"purpose"`
	}
	if id, ok := pathID(w, r); ok && decodeBody(w, r, &req) {
		v, err := a.Life.Party.RevealMember(r.Context(), partyActor(r, p), id, req.Purpose)
		reply(w, r, http.StatusOK, v, err)
	}
}

// partyLink issues the member's own link (a new one revokes the old); the
// path is shown once.
func (a *API) partyLink(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	if id, ok := pathID(w, r); ok {
		token, err := a.Life.Party.IssueLink(r.Context(), partyActor(r, p), id)
		reply(w, r, http.StatusCreated, map[string]string{"path": "/m/party/" + token}, err)
	}
}

func (a *API) partyTasks(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	v, err := a.Life.Party.Tasks(r.Context(), partyActor(r, p), r.URL.Query().Get("under"))
	replyItems(w, r, v, err)
}

func (a *API) addPartyTask(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var in party.TaskInput
	if decodeBody(w, r, &in) {
		v, err := a.Life.Party.AddTask(r.Context(), partyActor(r, p), in)
		reply(w, r, http.StatusCreated, v, err)
	}
}

func (a *API) claimPartyTask(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Member int64 `json:"member_id"`
	}
	if id, ok := pathID(w, r); ok && decodeBody(w, r, &req) {
		v, err := a.Life.Party.ClaimTask(r.Context(), partyActor(r, p), id, req.Member)
		reply(w, r, http.StatusCreated, v, err)
	}
}

func (a *API) completePartyTask(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Member  int64  `json:"member_id"`
		Minutes int    `json:"minutes"`
		Note    string `json:"note"`
	}
	if id, ok := pathID(w, r); ok && decodeBody(w, r, &req) {
		v, err := a.Life.Party.CompleteTask(r.Context(), partyActor(r, p), id, req.Member, req.Minutes, req.Note)
		reply(w, r, http.StatusOK, v, err)
	}
}

func (a *API) closePartyTask(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	if id, ok := pathID(w, r); ok {
		v, err := a.Life.Party.CloseTask(r.Context(), partyActor(r, p), id)
		reply(w, r, http.StatusOK, v, err)
	}
}

func (a *API) partyPairs(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	v, err := a.Life.Party.Pairs(r.Context(), partyActor(r, p), r.URL.Query().Get("under"))
	replyItems(w, r, v, err)
}

func (a *API) addPartyPair(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Member    int64 `json:"member_id"`
		Household int64 `json:"household_id"`
	}
	if decodeBody(w, r, &req) {
		v, err := a.Life.Party.PairMember(r.Context(), partyActor(r, p), req.Member, req.Household)
		reply(w, r, http.StatusCreated, v, err)
	}
}

func (a *API) partyVisits(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	if id, ok := pathID(w, r); ok {
		v, err := a.Life.Party.Visits(r.Context(), partyActor(r, p), id)
		replyItems(w, r, v, err)
	}
}

func (a *API) logPartyVisit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var in party.VisitInput
	if id, ok := pathID(w, r); ok && decodeBody(w, r, &in) {
		v, err := a.Life.Party.LogVisit(r.Context(), partyActor(r, p), id, in)
		reply(w, r, http.StatusCreated, v, err)
	}
}

func (a *API) partyCadres(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	v, err := a.Life.Party.Cadres(r.Context(), partyActor(r, p), r.URL.Query().Get("under"))
	replyItems(w, r, v, err)
}

func (a *API) assignPartyCadre(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var in party.CadreInput
	if decodeBody(w, r, &in) {
		v, err := a.Life.Party.AssignCadre(r.Context(), partyActor(r, p), in)
		reply(w, r, http.StatusCreated, v, err)
	}
}

func (a *API) addPartyDuty(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var in party.Duty
	if id, ok := pathID(w, r); ok && decodeBody(w, r, &in) {
		v, err := a.Life.Party.AddDuty(r.Context(), partyActor(r, p), id, in)
		reply(w, r, http.StatusCreated, v, err)
	}
}

func (a *API) recordPartyService(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var in party.ServiceInput
	if id, ok := pathID(w, r); ok && decodeBody(w, r, &in) {
		v, err := a.Life.Party.RecordService(r.Context(), partyActor(r, p), id, in)
		reply(w, r, http.StatusCreated, v, err)
	}
}

func (a *API) partyReceptions(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	v, err := a.Life.Party.Receptions(r.Context(), partyActor(r, p), r.URL.Query().Get("under"))
	replyItems(w, r, v, err)
}

func (a *API) schedulePartyReception(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var in party.ReceptionInput
	if decodeBody(w, r, &in) {
		v, err := a.Life.Party.ScheduleReception(r.Context(), partyActor(r, p), in)
		reply(w, r, http.StatusCreated, v, err)
	}
}

func (a *API) recordPartyMatter(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var in party.MatterInput
	if id, ok := pathID(w, r); ok && decodeBody(w, r, &in) {
		v, err := a.Life.Party.RecordMatter(r.Context(), partyActor(r, p), id, in)
		reply(w, r, http.StatusCreated, v, err)
	}
}

func (a *API) filePartyMatter(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Category string `json:"category"`
		Address  string `json:"address"`
	}
	if id, ok := pathID(w, r); ok && decodeBody(w, r, &req) {
		o, err := a.Life.Party.FileMatter(r.Context(), partyActor(r, p), id, req.Category, req.Address)
		reply(w, r, http.StatusCreated, map[string]any{"number": o.Number, "status": o.Status}, err)
	}
}

// partyMeasures: GET /api/v1/party/measures?from=&to= (days; default the
// last 90 days).
func (a *API) partyMeasures(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	to := a.now()
	from := to.AddDate(0, 0, -90)
	for field, dst := range map[string]*time.Time{"from": &from, "to": &to} {
		if s := r.URL.Query().Get(field); s != "" {
			t, err := time.ParseInLocation(time.DateOnly, s, zone.Shanghai())
			if err != nil {
				httpx.WriteError(w, http.StatusBadRequest, "invalid", field+": want YYYY-MM-DD")
				return
			}
			*dst = t
		}
	}
	m, err := a.Life.Party.Measures(r.Context(), partyActor(r, p), from, to)
	if err != nil {
		fail(w, r, err)
		return
	}
	row := func(f party.Figures) map[string]any {
		out := map[string]any{"code": f.Code, "name": f.Name, "members": f.Members, "due": f.Due, "reported": f.Reported,
			"hours": f.Hours(), "claimed": f.Claimed, "done": f.Done}
		if rate, ok := f.Rate(); ok {
			out["report_rate"] = rate
		}
		return out
	}
	var comms, units []map[string]any
	for _, f := range m.Communities {
		comms = append(comms, row(f))
	}
	for _, f := range m.Units {
		units = append(units, row(f))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "communities": comms, "units": units, "total": row(m.Total)})
}
