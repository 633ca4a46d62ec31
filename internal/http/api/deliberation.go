package api

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/deliberation"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/zone"
)

func (a *API) registerDeliberation(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/deliberation/topics", httpx.RequireUser(a.listDeliberationTopics))
	mux.HandleFunc("POST /api/v1/deliberation/topics", httpx.RequireUser(a.proposeDeliberationTopic))
	mux.HandleFunc("GET /api/v1/deliberation/topics/{id}", httpx.RequireUser(a.getDeliberationTopic))
	mux.HandleFunc("POST /api/v1/deliberation/topics/{id}/{step}", httpx.RequireUser(a.stepDeliberationTopic))
	mux.HandleFunc("POST /api/v1/deliberation/tasks/{id}/complete", httpx.RequireUser(a.completeDeliberationTask))
	mux.HandleFunc("GET /api/v1/deliberation/meetings", httpx.RequireUser(a.listDeliberationMeetings))
	mux.HandleFunc("POST /api/v1/deliberation/meetings", httpx.RequireUser(a.callDeliberationMeeting))
	mux.HandleFunc("GET /api/v1/deliberation/meetings/{id}", httpx.RequireUser(a.getDeliberationMeeting))
	mux.HandleFunc("POST /api/v1/deliberation/meetings/{id}/{step}", httpx.RequireUser(a.stepDeliberationMeeting))
	mux.HandleFunc("GET /api/v1/deliberation/measures", httpx.RequireUser(a.deliberationMeasures))
	mux.HandleFunc("GET /api/v1/public/deliberation", a.publicDeliberation)
}

func deliberationActor(r *http.Request, p *httpx.Principal) deliberation.Actor {
	return deliberation.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

type deliberationTaskJSON struct {
	ID      int64      `json:"id"`
	Title   string     `json:"title"`
	Owner   string     `json:"owner"`
	DueAt   time.Time  `json:"due_at"`
	Status  string     `json:"status"`
	Overdue bool       `json:"overdue"`
	Result  string     `json:"result,omitempty"`
	DoneAt  *time.Time `json:"done_at,omitempty"`
	Actions []string   `json:"actions,omitempty"`
}

type deliberationTopicJSON struct {
	ID            int64                  `json:"id"`
	CommunityCode string                 `json:"community_code"`
	CommunityName string                 `json:"community_name"`
	Title         string                 `json:"title"`
	Description   string                 `json:"description"`
	Source        string                 `json:"source"`
	OrderNumber   string                 `json:"order_number,omitempty"`
	ProposerName  string                 `json:"proposer_name,omitempty"`
	ProposerPhone string                 `json:"proposer_phone,omitempty"`
	Status        string                 `json:"status"`
	MeetingID     int64                  `json:"meeting_id,omitempty"`
	DeclineReason string                 `json:"decline_reason,omitempty"`
	Outcome       string                 `json:"outcome,omitempty"`
	Decision      string                 `json:"decision,omitempty"`
	VotesFor      int                    `json:"votes_for"`
	VotesAgainst  int                    `json:"votes_against"`
	VotesAbstain  int                    `json:"votes_abstain"`
	DecidedAt     *time.Time             `json:"decided_at,omitempty"`
	CreatedAt     time.Time              `json:"created_at"`
	Version       int                    `json:"version"`
	Tasks         []deliberationTaskJSON `json:"tasks,omitempty"`
	Actions       []string               `json:"actions,omitempty"`
}

type deliberationParticipantJSON struct {
	Kind        string `json:"kind"`
	Name        string `json:"name,omitempty"`
	Affiliation string `json:"affiliation,omitempty"`
}

type deliberationMeetingJSON struct {
	ID            int64                         `json:"id"`
	CommunityCode string                        `json:"community_code"`
	CommunityName string                        `json:"community_name"`
	Body          string                        `json:"body"`
	Title         string                        `json:"title"`
	Place         string                        `json:"place,omitempty"`
	StartsAt      time.Time                     `json:"starts_at"`
	Status        string                        `json:"status"`
	Minutes       string                        `json:"minutes,omitempty"`
	HeldAt        *time.Time                    `json:"held_at,omitempty"`
	PublishedAt   *time.Time                    `json:"published_at,omitempty"`
	Version       int                           `json:"version"`
	Participants  []deliberationParticipantJSON `json:"participants,omitempty"`
	Attendance    map[string]int                `json:"attendance,omitempty"`
	Topics        []deliberationTopicJSON       `json:"topics,omitempty"`
	Actions       []string                      `json:"actions,omitempty"`
}

// toDeliberationTopic renders t; with act, the actions act may take now
// (m is t's meeting, zero when none).
func (a *API) toDeliberationTopic(act *deliberation.Actor, t deliberation.Topic, m deliberation.Meeting) deliberationTopicJSON {
	out := deliberationTopicJSON{ID: t.ID, CommunityCode: t.CommunityCode, CommunityName: t.CommunityName, Title: t.Title,
		Description: t.Description, Source: t.Source, OrderNumber: t.OrderNumber, ProposerName: t.ProposerName, ProposerPhone: t.ProposerPhone,
		Status: t.Status, MeetingID: t.MeetingID, DeclineReason: t.DeclineReason, Outcome: t.Outcome, Decision: t.Decision,
		VotesFor: t.VotesFor, VotesAgainst: t.VotesAgainst, VotesAbstain: t.VotesAbstain, DecidedAt: timeOrNil(t.DecidedAt),
		CreatedAt: t.CreatedAt.In(zone.Shanghai()), Version: t.Version}
	now := a.now()
	for _, k := range t.Tasks {
		j := deliberationTaskJSON{ID: k.ID, Title: k.Title, Owner: k.Owner, DueAt: k.DueAt.In(zone.Shanghai()), Status: k.Status,
			Overdue: k.Overdue(now), Result: k.Result, DoneAt: timeOrNil(k.DoneAt)}
		if act != nil {
			j.Actions = deliberation.TaskActions(*act, t.CommunityCode, k)
		}
		out.Tasks = append(out.Tasks, j)
	}
	if act != nil {
		out.Actions = deliberation.TopicActions(*act, t, m)
	}
	return out
}

func (a *API) toDeliberationMeeting(act *deliberation.Actor, m deliberation.Meeting) deliberationMeetingJSON {
	out := deliberationMeetingJSON{ID: m.ID, CommunityCode: m.CommunityCode, CommunityName: m.CommunityName, Body: m.Body, Title: m.Title,
		Place: m.Place, StartsAt: m.StartsAt.In(zone.Shanghai()), Status: m.Status, Minutes: m.Minutes, HeldAt: timeOrNil(m.HeldAt),
		PublishedAt: timeOrNil(m.PublishedAt), Version: m.Version}
	for _, x := range m.Participants {
		out.Participants = append(out.Participants, deliberationParticipantJSON{Kind: x.Kind, Name: x.Name, Affiliation: x.Affiliation})
	}
	for _, t := range m.Topics {
		out.Topics = append(out.Topics, a.toDeliberationTopic(act, t, m))
	}
	if act != nil {
		out.Actions = deliberation.MeetingActions(*act, m, m.Topics)
	}
	return out
}

// writeDeliberationTopic answers with a topic as a reads it now.
func (a *API) writeDeliberationTopic(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, t deliberation.Topic) {
	act := deliberationActor(r, p)
	var m deliberation.Meeting
	if t.MeetingID != 0 {
		var err error
		if m, err = a.Life.Deliberation.Meeting(r.Context(), act, t.MeetingID); err != nil {
			fail(w, r, err)
			return
		}
		m.Topics, m.Participants = nil, nil
	}
	httpx.WriteJSON(w, status, map[string]any{"topic": a.toDeliberationTopic(&act, t, m)})
}

// listDeliberationTopics: GET /api/v1/deliberation/topics?under=&status=&limit=&offset=
func (a *API) listDeliberationTopics(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	limit, offset, err := paging(r, 100, deliberation.MaxList)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	q := r.URL.Query()
	ts, err := a.Life.Deliberation.ListTopics(r.Context(), deliberationActor(r, p), deliberation.TopicFilter{Under: q.Get("under"), Status: q.Get("status")}, limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]deliberationTopicJSON, 0, len(ts))
	for _, t := range ts {
		out = append(out, a.toDeliberationTopic(nil, t, deliberation.Meeting{}))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"topics": out, "limit": limit, "offset": offset})
}

// proposeDeliberationTopic: POST /api/v1/deliberation/topics — with
// order_number the topic is raised from that work order.
func (a *API) proposeDeliberationTopic(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		CommunityCode string `json:"community_code"`
		OrderNumber   string `json:"order_number"`
		Title         string `json:"title"`
		Description   string `json:"description"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	in := deliberation.TopicInput{CommunityCode: req.CommunityCode, Title: req.Title, Description: req.Description}
	act := deliberationActor(r, p)
	var t deliberation.Topic
	var err error
	if req.OrderNumber != "" {
		t, err = a.Life.Deliberation.TopicFromOrder(r.Context(), act, req.OrderNumber, in)
	} else {
		t, err = a.Life.Deliberation.Propose(r.Context(), act, in)
	}
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/deliberation/topics/"+strconv.FormatInt(t.ID, 10))
	a.writeDeliberationTopic(w, r, p, http.StatusCreated, t)
}

func (a *API) getDeliberationTopic(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	t, err := a.Life.Deliberation.Topic(r.Context(), deliberationActor(r, p), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeDeliberationTopic(w, r, p, http.StatusOK, t)
}

// stepDeliberationTopic: POST /api/v1/deliberation/topics/{id}/{schedule|decline|decide|tasks}
func (a *API) stepDeliberationTopic(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Version  int    `json:"version"`
		Meeting  int64  `json:"meeting_id"`
		Reason   string `json:"reason"`
		Outcome  string `json:"outcome"`
		Decision string `json:"decision"`
		For      int    `json:"votes_for"`
		Against  int    `json:"votes_against"`
		Abstain  int    `json:"votes_abstain"`
		Title    string `json:"title"`
		Owner    string `json:"owner"`
		Due      string `json:"due"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	ctx, act, svc := r.Context(), deliberationActor(r, p), a.Life.Deliberation
	var t deliberation.Topic
	var err error
	switch r.PathValue("step") {
	case "schedule":
		t, err = svc.Schedule(ctx, act, id, req.Version, req.Meeting)
	case "decline":
		t, err = svc.Decline(ctx, act, id, req.Version, req.Reason)
	case "decide":
		t, err = svc.Decide(ctx, act, id, req.Version, deliberation.Decision{Outcome: req.Outcome, Text: req.Decision,
			For: req.For, Against: req.Against, Abstain: req.Abstain})
	case "tasks":
		in := deliberation.TaskInput{Title: req.Title, Owner: req.Owner}
		if in.DueAt, err = deliberation.DueOn(req.Due); err == nil {
			t, err = svc.AddTask(ctx, act, id, in)
		}
	default:
		notFound(w, "step")
		return
	}
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeDeliberationTopic(w, r, p, http.StatusOK, t)
}

func (a *API) completeDeliberationTask(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Result string `json:"result"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	t, err := a.Life.Deliberation.CompleteTask(r.Context(), deliberationActor(r, p), id, req.Result)
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeDeliberationTopic(w, r, p, http.StatusOK, t)
}

// listDeliberationMeetings: GET /api/v1/deliberation/meetings?under=&limit=&offset=
func (a *API) listDeliberationMeetings(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	limit, offset, err := paging(r, 100, deliberation.MaxList)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	ms, err := a.Life.Deliberation.ListMeetings(r.Context(), deliberationActor(r, p), r.URL.Query().Get("under"), limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]deliberationMeetingJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, a.toDeliberationMeeting(nil, m))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"meetings": out, "limit": limit, "offset": offset})
}

func (a *API) callDeliberationMeeting(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		CommunityCode string    `json:"community_code"`
		Body          string    `json:"body"`
		Title         string    `json:"title"`
		Place         string    `json:"place"`
		StartsAt      time.Time `json:"starts_at"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	act := deliberationActor(r, p)
	m, err := a.Life.Deliberation.CreateMeeting(r.Context(), act, deliberation.MeetingInput{CommunityCode: req.CommunityCode, Body: req.Body,
		Title: req.Title, Place: req.Place, StartsAt: req.StartsAt})
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/deliberation/meetings/"+strconv.FormatInt(m.ID, 10))
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"meeting": a.toDeliberationMeeting(&act, m)})
}

func (a *API) getDeliberationMeeting(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	act := deliberationActor(r, p)
	m, err := a.Life.Deliberation.Meeting(r.Context(), act, id)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"meeting": a.toDeliberationMeeting(&act, m)})
}

// stepDeliberationMeeting: POST /api/v1/deliberation/meetings/{id}/{participants|hold|publish}
func (a *API) stepDeliberationMeeting(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Version     int    `json:"version"`
		Kind        string `json:"kind"`
		Name        string `json:"name"`
		Affiliation string `json:"affiliation"`
		Minutes     string `json:"minutes"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	ctx, act, svc := r.Context(), deliberationActor(r, p), a.Life.Deliberation
	var m deliberation.Meeting
	var err error
	switch r.PathValue("step") {
	case "participants":
		m, err = svc.AddParticipant(ctx, act, id, deliberation.ParticipantInput{Kind: req.Kind, Name: req.Name, Affiliation: req.Affiliation})
	case "hold":
		m, err = svc.Hold(ctx, act, id, req.Version, req.Minutes)
	case "publish":
		m, err = svc.Publish(ctx, act, id, req.Version)
	default:
		notFound(w, "step")
		return
	}
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"meeting": a.toDeliberationMeeting(&act, m)})
}

// deliberationMeasures: GET /api/v1/deliberation/measures?under=&from=&to= (yearPeriod)
func (a *API) deliberationMeasures(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	from, to, err := a.yearPeriod(r)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	ms, err := a.Life.Deliberation.Measures(r.Context(), deliberationActor(r, p), r.URL.Query().Get("under"), from, to)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]map[string]any, 0, len(ms))
	for _, m := range ms {
		out = append(out, map[string]any{"community_code": m.CommunityCode, "community_name": m.CommunityName, "topics": m.Topics,
			"decided": m.Decided, "adopted": m.Adopted, "declined": m.Declined, "meetings": m.Meetings, "tasks": m.Tasks,
			"tasks_done": m.TasksDone, "tasks_overdue": m.TasksOverdue, "done_rate": m.DoneRate()})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"communities": out, "from": from, "to": to})
}

// publicDeliberation: GET /api/v1/public/deliberation?community= — the
// published meetings, with attendance counts and no personal data.
func (a *API) publicDeliberation(w http.ResponseWriter, r *http.Request) {
	ps, err := a.Life.Deliberation.PublicMeetings(r.Context(), r.URL.Query().Get("community"), 50)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]deliberationMeetingJSON, 0, len(ps))
	for _, p := range ps {
		j := a.toDeliberationMeeting(nil, p.Meeting)
		j.Attendance = map[string]int{}
		for _, c := range p.Attendance {
			j.Attendance[c.Kind] = c.N
		}
		out = append(out, j)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"meetings": out})
}
