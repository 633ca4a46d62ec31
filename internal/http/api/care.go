package api

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/care"
	"civicgrid/internal/http/httpx"
)

// registerCare adds the care-group routes (docs/api.md, "Care groups").
func (a *API) registerCare(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/care/groups", httpx.RequireUser(a.careGroups))
	mux.HandleFunc("PATCH /api/v1/care/groups/{code}", httpx.RequireUser(a.careSetPlan))
	mux.HandleFunc("PUT /api/v1/care/groups/{code}/grants/{role}", httpx.RequireUser(a.careGrant(false)))
	mux.HandleFunc("DELETE /api/v1/care/groups/{code}/grants/{role}", httpx.RequireUser(a.careGrant(true)))
	mux.HandleFunc("GET /api/v1/care/members", httpx.RequireUser(a.careMembers))
	mux.HandleFunc("POST /api/v1/care/members", httpx.RequireUser(a.careEnroll))
	mux.HandleFunc("GET /api/v1/care/members/{id}", httpx.RequireUser(a.careMember))
	mux.HandleFunc("POST /api/v1/care/members/{id}/end", httpx.RequireUser(a.careEnd))
	mux.HandleFunc("GET /api/v1/care/members/{id}/visits", httpx.RequireUser(a.careVisits))
	mux.HandleFunc("POST /api/v1/care/members/{id}/visits", httpx.RequireUser(a.careRecordVisit))
	mux.HandleFunc("GET /api/v1/care/visits/{id}/photo", httpx.RequireUser(a.careVisitPhoto))
	mux.HandleFunc("GET /api/v1/care/measures", httpx.RequireUser(a.careMeasures))
	mux.HandleFunc("GET /api/v1/care/log", httpx.RequireUser(a.careLog))
}

func careActor(r *http.Request, p *httpx.Principal) care.Actor {
	return care.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

type careGroupJSON struct {
	Code          string   `json:"code"`
	Kind          string   `json:"kind"`
	Name          string   `json:"name"`
	NameEn        string   `json:"name_en"`
	FrequencyDays int      `json:"frequency_days"`
	Granted       []string `json:"granted_roles"`
}

func toCareGroupJSON(g care.Group) careGroupJSON {
	granted := g.Granted
	if granted == nil {
		granted = []string{}
	}
	return careGroupJSON{Code: g.Code, Kind: g.Kind, Name: g.NameZh, NameEn: g.NameEn, FrequencyDays: g.FrequencyDays, Granted: granted}
}

type careMemberJSON struct {
	ID            int64      `json:"id"`
	Group         string     `json:"group"`
	PersonID      int64      `json:"person_id"`
	Name          string     `json:"name"`
	Address       string     `json:"address,omitempty"`
	GridCode      string     `json:"grid_code"`
	CommunityCode string     `json:"community_code"`
	Note          string     `json:"note,omitempty"`
	EnrolledAt    time.Time  `json:"enrolled_at"`
	LastVisitAt   *time.Time `json:"last_visit_at"`
	NextDue       time.Time  `json:"next_due"`
	Overdue       bool       `json:"overdue"`
	Ended         bool       `json:"ended"`
	Version       int        `json:"version"`
}

func toCareMemberJSON(m care.Member) careMemberJSON {
	out := careMemberJSON{ID: m.ID, Group: m.GroupCode, PersonID: m.PersonID, Name: m.Name, Address: m.HouseText, GridCode: m.GridCode,
		CommunityCode: m.CommunityCode, Note: m.Note, EnrolledAt: m.EnrolledAt, NextDue: m.NextDue, Overdue: m.Overdue, Ended: m.Ended, Version: m.Version}
	if !m.LastVisitAt.IsZero() {
		out.LastVisitAt = &m.LastVisitAt
	}
	return out
}

type careVisitJSON struct {
	ID          int64     `json:"id"`
	MemberID    int64     `json:"member_id"`
	Group       string    `json:"group"`
	GridCode    string    `json:"grid_code"`
	VisitorID   int64     `json:"visitor_id"`
	Visitor     string    `json:"visitor"`
	VisitedAt   time.Time `json:"visited_at"`
	Findings    string    `json:"findings"`
	Lat         float64   `json:"lat,omitempty"`
	Lng         float64   `json:"lng,omitempty"`
	HasPhoto    bool      `json:"has_photo"`
	OrderNumber string    `json:"order_number,omitempty"`
}

func toCareVisitJSON(v care.Visit) careVisitJSON {
	return careVisitJSON{ID: v.ID, MemberID: v.MemberID, Group: v.GroupCode, GridCode: v.GridCode, VisitorID: v.VisitorID, Visitor: v.VisitorName,
		VisitedAt: v.VisitedAt, Findings: v.Findings, Lat: v.Lat, Lng: v.Lng, HasPhoto: v.HasPhoto, OrderNumber: v.OrderNumber}
}

func (a *API) careGroups(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	gs, err := a.Care.Groups(r.Context())
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]careGroupJSON, 0, len(gs))
	for _, g := range gs {
		out = append(out, toCareGroupJSON(g))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"groups": out})
}

func (a *API) careSetPlan(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		FrequencyDays int `json:"frequency_days"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	g, err := a.Care.SetFrequency(r.Context(), careActor(r, p), r.PathValue("code"), req.FrequencyDays)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"group": toCareGroupJSON(g)})
}

func (a *API) careGrant(revoke bool) func(http.ResponseWriter, *http.Request, *httpx.Principal) {
	return func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		g, err := a.Care.Grant(r.Context(), careActor(r, p), r.PathValue("code"), r.PathValue("role"), revoke)
		if err != nil {
			fail(w, r, err)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"group": toCareGroupJSON(g)})
	}
}

func (a *API) careMembers(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q := r.URL.Query()
	f := care.Filter{Group: q.Get("group"), Grid: q.Get("grid"), OverdueOnly: q.Get("overdue") == "1" || q.Get("overdue") == "true"}
	if s := q.Get("person_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "person_id: a number")
			return
		}
		f.PersonID = id
	}
	ms, err := a.Care.Members(r.Context(), careActor(r, p), f)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]careMemberJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, toCareMemberJSON(m))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"members": out})
}

func (a *API) careEnroll(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Group    string `json:"group"`
		PersonID int64  `json:"person_id"`
		Note     string `json:"note"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	m, err := a.Care.Enroll(r.Context(), careActor(r, p), req.Group, req.PersonID, req.Note)
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/care/members/"+strconv.FormatInt(m.ID, 10))
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"id": m.ID, "member": toCareMemberJSON(m)})
}

func (a *API) careMember(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	m, err := a.Care.Member(r.Context(), careActor(r, p), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"member": toCareMemberJSON(m)})
}

func (a *API) careEnd(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
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
	if err := a.Care.End(r.Context(), careActor(r, p), id, req.Version, req.Reason); err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) careVisits(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	vs, err := a.Care.Visits(r.Context(), careActor(r, p), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]careVisitJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, toCareVisitJSON(v))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"visits": out})
}

func (a *API) careRecordVisit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		VisitedAt time.Time `json:"visited_at"`
		Findings  string    `json:"findings"`
		Lat       float64   `json:"lat"`
		Lng       float64   `json:"lng"`
		Photo     []byte    `json:"photo"` // base64
		Order     *struct {
			Category    string `json:"category"`
			Description string `json:"description"`
			Key         string `json:"idempotency_key"`
		} `json:"order"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	in := care.VisitInput{MemberID: id, VisitedAt: req.VisitedAt, Findings: req.Findings, Lat: req.Lat, Lng: req.Lng, Photo: req.Photo}
	if req.Order != nil {
		in.Order = &care.VisitOrder{Category: req.Order.Category, Description: req.Order.Description, Key: req.Order.Key}
	}
	v, err := a.Care.RecordVisit(r.Context(), careActor(r, p), in)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"id": v.ID, "visit": toCareVisitJSON(v)})
}

func (a *API) careVisitPhoto(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	data, ctype, err := a.Care.VisitPhoto(r.Context(), careActor(r, p), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(data)
}

type careMeasureJSON struct {
	Code          string         `json:"code"`
	Name          string         `json:"name,omitempty"`
	Members       int            `json:"members"`
	OnSchedule    int            `json:"on_schedule"`
	VisitRate     *float64       `json:"visit_rate"`
	Visits30      int            `json:"visits_30d"`
	People        int            `json:"people"`
	Floating      int            `json:"floating"`
	FloatingShare *float64       `json:"floating_share"`
	Houses        int            `json:"houses"`
	Rented        int            `json:"rented"`
	RentedShare   *float64       `json:"rented_share"`
	ByGroup       map[string]int `json:"members_by_group"`
}

func shareJSON(f float64) *float64 {
	if f < 0 {
		return nil
	}
	return &f
}

func toCareMeasureJSON(g care.GridMeasure) careMeasureJSON {
	return careMeasureJSON{Code: g.GridCode, Name: g.GridName, Members: g.Members, OnSchedule: g.OnSchedule, VisitRate: shareJSON(g.VisitRate()),
		Visits30: g.Visits30, People: g.People, Floating: g.Floating, FloatingShare: shareJSON(g.FloatingShare()), Houses: g.Houses,
		Rented: g.Rented, RentedShare: shareJSON(g.RentedShare()), ByGroup: g.ByGroup}
}

func (a *API) careMeasures(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	gs, err := a.Care.Measures(r.Context(), careActor(r, p), r.URL.Query().Get("region"))
	if err != nil {
		fail(w, r, err)
		return
	}
	grids := make([]careMeasureJSON, 0, len(gs))
	for _, g := range gs {
		grids = append(grids, toCareMeasureJSON(g))
	}
	var communities []careMeasureJSON
	for _, c := range care.ByCommunity(gs) {
		communities = append(communities, toCareMeasureJSON(c))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"grids": grids, "communities": communities})
}

func (a *API) careLog(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q := r.URL.Query()
	userID := p.User.ID
	if s := q.Get("user"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "user: a number")
			return
		}
		userID = id
	}
	date := q.Get("date")
	if date == "" {
		date = a.now().In(shanghai).Format("2006-01-02")
	}
	lg, err := a.Care.DayLog(r.Context(), careActor(r, p), userID, date)
	if err != nil {
		fail(w, r, err)
		return
	}
	type entry struct {
		At          time.Time `json:"at"`
		Kind        string    `json:"kind"`
		Group       string    `json:"group,omitempty"`
		MemberID    int64     `json:"member_id,omitempty"`
		Name        string    `json:"name,omitempty"`
		Text        string    `json:"text,omitempty"`
		OrderNumber string    `json:"order_number,omitempty"`
		Category    string    `json:"category,omitempty"`
		Status      string    `json:"status,omitempty"`
		GridCode    string    `json:"grid_code,omitempty"`
	}
	out := make([]entry, 0, len(lg.Entries))
	for _, e := range lg.Entries {
		out = append(out, entry{At: e.At, Kind: e.Kind, Group: e.GroupCode, MemberID: e.MemberID, Name: e.Name, Text: e.Text,
			OrderNumber: e.OrderNumber, Category: e.Category, Status: e.Status, GridCode: e.GridCode})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"user": lg.User.ID, "date": lg.Date, "visits": lg.Visits, "patrols": lg.Patrols,
		"reports": lg.Reports, "tasks_done": lg.Tasks, "entries": out})
}
