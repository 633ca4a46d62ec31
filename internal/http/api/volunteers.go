package api

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/volunteer"
	"civicgrid/internal/zone"
)

// registerVolunteers adds the volunteer routes: staff keep the register,
// teams, activities and patrols of their scope; a volunteer acts through
// their card token (no account); the public reads activities with places
// left (no person).
func (a *API) registerVolunteers(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/volunteers", httpx.RequireUser(a.listVolunteers))
	mux.HandleFunc("POST /api/v1/volunteers", httpx.RequireUser(a.registerVolunteer))
	mux.HandleFunc("GET /api/v1/volunteers/{id}", httpx.RequireUser(a.getVolunteer))
	mux.HandleFunc("POST /api/v1/volunteers/{id}/reveal", httpx.RequireUser(a.revealVolunteer))
	mux.HandleFunc("POST /api/v1/volunteers/{id}/adjust", httpx.RequireUser(a.adjustVolunteer))
	mux.HandleFunc("GET /api/v1/volunteers/{id}/ledger", httpx.RequireUser(a.volunteerLedger))
	mux.HandleFunc("POST /api/v1/volunteers/{id}/leave", httpx.RequireUser(a.leaveVolunteer))
	mux.HandleFunc("GET /api/v1/volunteer-summary", httpx.RequireUser(a.volunteerSummary))
	mux.HandleFunc("GET /api/v1/volunteer-teams", httpx.RequireUser(a.listVolunteerTeams))
	mux.HandleFunc("POST /api/v1/volunteer-teams", httpx.RequireUser(a.createVolunteerTeam))
	mux.HandleFunc("GET /api/v1/volunteer-activities", httpx.RequireUser(a.listVolunteerActivities))
	mux.HandleFunc("POST /api/v1/volunteer-activities", httpx.RequireUser(a.publishVolunteerActivity))
	mux.HandleFunc("GET /api/v1/volunteer-activities/{id}", httpx.RequireUser(a.getVolunteerActivity))
	mux.HandleFunc("GET /api/v1/volunteer-activities/{id}/checkin-code", httpx.RequireUser(a.volunteerCheckInCode))
	mux.HandleFunc("POST /api/v1/volunteer-activities/{id}/confirm", httpx.RequireUser(a.confirmVolunteerActivity))
	mux.HandleFunc("POST /api/v1/volunteer-activities/{id}/cancel", httpx.RequireUser(a.cancelVolunteerActivity))
	mux.HandleFunc("GET /api/v1/volunteer-patrols", httpx.RequireUser(a.listVolunteerPatrols))
	mux.HandleFunc("POST /api/v1/volunteer-patrols", httpx.RequireUser(a.recordVolunteerPatrol))
	mux.HandleFunc("POST /api/v1/volunteer-findings/{id}/order", httpx.RequireUser(a.fileVolunteerFinding))
	mux.HandleFunc("GET /api/v1/public/volunteer-activities", a.publicVolunteerActivities)
	mux.HandleFunc("GET /api/v1/volunteer/me/{card}", a.volunteerMe)
	mux.HandleFunc("POST /api/v1/volunteer/me/{card}/signup/{id}", a.volunteerSelfStep("signup"))
	mux.HandleFunc("POST /api/v1/volunteer/me/{card}/checkin/{id}", a.volunteerSelfStep("checkin"))
	mux.HandleFunc("POST /api/v1/volunteer/me/{card}/checkout/{id}", a.volunteerSelfStep("checkout"))
	mux.HandleFunc("POST /api/v1/volunteer/checkin", a.volunteerCheckInQR)
}

func volActor(r *http.Request, p *httpx.Principal) volunteer.Actor {
	return volunteer.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

type volunteerJSON struct {
	ID            int64     `json:"id"`
	CommunityCode string    `json:"community_code"`
	CommunityName string    `json:"community_name"`
	TeamID        int64     `json:"team_id,omitempty"`
	TeamName      string    `json:"team_name,omitempty"`
	Name          string    `json:"name"`
	Phone         string    `json:"phone,omitempty"`
	Skills        []string  `json:"skills"`
	Availability  []string  `json:"availability"`
	Status        string    `json:"status"`
	Minutes       int64     `json:"service_minutes"`
	Points        int64     `json:"points"`
	CreatedAt     time.Time `json:"created_at"`
	Masked        bool      `json:"masked"`
	Actions       []string  `json:"actions,omitempty"`
}

func toVolunteerJSON(act volunteer.Actor, v volunteer.Volunteer) volunteerJSON {
	out := volunteerJSON{ID: v.ID, CommunityCode: v.CommunityCode, CommunityName: v.CommunityName, TeamID: v.TeamID, TeamName: v.TeamName,
		Name: v.Name, Phone: v.Phone, Skills: v.Skills, Availability: v.Availability, Status: v.Status, Minutes: v.Minutes, Points: v.Points,
		CreatedAt: v.CreatedAt.In(zone.Shanghai()), Masked: !v.Revealed}
	if act.User.Role != "" {
		out.Actions = volunteer.VolunteerActions(act, v)
	}
	if out.Skills == nil {
		out.Skills = []string{}
	}
	if out.Availability == nil {
		out.Availability = []string{}
	}
	return out
}

type activityJSON struct {
	ID            int64     `json:"id"`
	CommunityCode string    `json:"community_code"`
	CommunityName string    `json:"community_name"`
	TeamID        int64     `json:"team_id,omitempty"`
	TeamName      string    `json:"team_name,omitempty"`
	Title         string    `json:"title"`
	Detail        string    `json:"detail,omitempty"`
	Place         string    `json:"place"`
	Lng           float64   `json:"lng"`
	Lat           float64   `json:"lat"`
	RadiusM       int       `json:"radius_m"`
	StartsAt      time.Time `json:"starts_at"`
	EndsAt        time.Time `json:"ends_at"`
	Capacity      int       `json:"capacity"`
	SignedUp      int       `json:"signed_up"`
	Left          int       `json:"places_left"`
	Status        string    `json:"status"`
	Actions       []string  `json:"actions,omitempty"`
}

func toActivityJSON(act *volunteer.Actor, x volunteer.Activity) activityJSON {
	out := activityJSON{ID: x.ID, CommunityCode: x.CommunityCode, CommunityName: x.CommunityName, TeamID: x.TeamID, TeamName: x.TeamName,
		Title: x.Title, Detail: x.Detail, Place: x.Place, Lng: x.Lng, Lat: x.Lat, RadiusM: x.RadiusM, StartsAt: x.StartsAt.In(zone.Shanghai()),
		EndsAt: x.EndsAt.In(zone.Shanghai()), Capacity: x.Capacity, SignedUp: x.SignedUp, Left: x.Left(), Status: x.Status}
	if act != nil {
		out.Actions = volunteer.ActivityActions(*act, x)
	}
	return out
}

type signupJSON struct {
	ID            int64      `json:"id"`
	ActivityID    int64      `json:"activity_id"`
	VolunteerID   int64      `json:"volunteer_id"`
	VolunteerName string     `json:"volunteer_name"`
	SignedAt      time.Time  `json:"signed_at"`
	CheckInAt     *time.Time `json:"checkin_at,omitempty"`
	CheckInMethod string     `json:"checkin_method,omitempty"`
	CheckOutAt    *time.Time `json:"checkout_at,omitempty"`
	Minutes       int        `json:"minutes"`
}

func toSignupJSON(s volunteer.Signup) signupJSON {
	return signupJSON{ID: s.ID, ActivityID: s.ActivityID, VolunteerID: s.VolunteerID, VolunteerName: s.VolunteerName,
		SignedAt: s.SignedAt.In(zone.Shanghai()), CheckInAt: timeOrNil(s.CheckInAt), CheckInMethod: s.CheckInMethod,
		CheckOutAt: timeOrNil(s.CheckOutAt), Minutes: s.Minutes}
}

// listVolunteers: GET /api/v1/volunteers?under=&team=&skill=&name=&phone=&after=&limit=
// — keyset paging: pass next_after as after for the next page.
func (a *API) listVolunteers(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q := r.URL.Query()
	team, _ := strconv.ParseInt(q.Get("team"), 10, 64)
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	act := volActor(r, p)
	vs, next, err := a.Life.Volunteers.List(r.Context(), act, volunteer.Filter{Under: q.Get("under"), TeamID: team, Skill: q.Get("skill"),
		Name: q.Get("name"), Phone: q.Get("phone"), After: after, Limit: limit})
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]volunteerJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, toVolunteerJSON(act, v))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"volunteers": out, "next_after": next})
}

func (a *API) registerVolunteer(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		CommunityCode string   `json:"community_code"`
		TeamID        int64    `json:"team_id"`
		Name          string   `json:"name"`
		Phone         string   `json:"phone"`
		Skills        []string `json:"skills"`
		Availability  []string `json:"availability"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	act := volActor(r, p)
	v, err := a.Life.Volunteers.Register(r.Context(), act, volunteer.RegisterInput{CommunityCode: req.CommunityCode, TeamID: req.TeamID,
		Name: req.Name, Phone: req.Phone, Skills: req.Skills, Availability: req.Availability})
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/volunteers/"+strconv.FormatInt(v.ID, 10))
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"volunteer": toVolunteerJSON(act, v)})
}

func (a *API) getVolunteer(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	act := volActor(r, p)
	v, err := a.Life.Volunteers.Get(r.Context(), act, id)
	reply(w, r, http.StatusOK, map[string]any{"volunteer": toVolunteerJSON(act, v)}, err)
}

func (a *API) revealVolunteer(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
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
	act := volActor(r, p)
	v, card, err := a.Life.Volunteers.Reveal(r.Context(), act, id, req.Purpose)
	reply(w, r, http.StatusOK, map[string]any{"volunteer": toVolunteerJSON(act, v), "card": card, "card_path": "/public/volunteer/me/" + card}, err)
}

func (a *API) adjustVolunteer(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Kind   string `json:"kind"`
		Amount int64  `json:"amount"`
		Reason string `json:"reason"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	act := volActor(r, p)
	v, err := a.Life.Volunteers.Adjust(r.Context(), act, id, req.Kind, req.Amount, req.Reason)
	reply(w, r, http.StatusOK, map[string]any{"volunteer": toVolunteerJSON(act, v)}, err)
}

func (a *API) leaveVolunteer(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	act := volActor(r, p)
	v, err := a.Life.Volunteers.Leave(r.Context(), act, id, req.Reason)
	reply(w, r, http.StatusOK, map[string]any{"volunteer": toVolunteerJSON(act, v)}, err)
}

// volunteerSummary: the caller's area in figures.
func (a *API) volunteerSummary(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	s, err := a.Life.Volunteers.Summarise(r.Context(), volActor(r, p))
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"volunteers": s.Volunteers, "teams": s.Teams, "activities_last_year": s.Activities,
		"service_minutes_last_year": s.Minutes})
}

type lineJSON struct {
	Kind      string    `json:"kind"`
	Amount    int64     `json:"amount"`
	Reason    string    `json:"reason"`
	CreatedAt time.Time `json:"created_at"`
}

func toLines(ls []volunteer.Line) []lineJSON {
	out := make([]lineJSON, 0, len(ls))
	for _, l := range ls {
		out = append(out, lineJSON{Kind: l.Kind, Amount: l.Amount, Reason: l.Reason, CreatedAt: l.CreatedAt.In(zone.Shanghai())})
	}
	return out
}

// volunteerLedger: GET /api/v1/volunteers/{id}/ledger?kind=&limit=&offset=
func (a *API) volunteerLedger(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	limit, offset, err := paging(r, 50, volunteer.MaxPage)
	if err != nil {
		badJSON(w, err)
		return
	}
	ls, err := a.Life.Volunteers.Lines(r.Context(), volActor(r, p), id, r.URL.Query().Get("kind"), limit, offset)
	reply(w, r, http.StatusOK, map[string]any{"lines": toLines(ls), "limit": limit, "offset": offset}, err)
}

func (a *API) listVolunteerTeams(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ts, err := a.Life.Volunteers.Teams(r.Context(), volActor(r, p), r.URL.Query().Get("kind"))
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]map[string]any, 0, len(ts))
	for _, t := range ts {
		out = append(out, map[string]any{"id": t.ID, "region_code": t.RegionCode, "region_name": t.RegionName, "name": t.Name, "kind": t.Kind,
			"note": t.Note, "members": t.Members})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"teams": out})
}

func (a *API) createVolunteerTeam(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		RegionCode string `json:"region_code"`
		Name       string `json:"name"`
		Kind       string `json:"kind"`
		Note       string `json:"note"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	t, err := a.Life.Volunteers.CreateTeam(r.Context(), volActor(r, p), volunteer.TeamInput{RegionCode: req.RegionCode, Name: req.Name, Kind: req.Kind, Note: req.Note})
	reply(w, r, http.StatusCreated, map[string]any{"team": map[string]any{"id": t.ID, "region_code": t.RegionCode, "name": t.Name, "kind": t.Kind}}, err)
}

// listVolunteerActivities: GET /api/v1/volunteer-activities?under=&from=YYYY-MM-DD&limit=&offset=
func (a *API) listVolunteerActivities(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	limit, offset, err := paging(r, 50, volunteer.MaxPage)
	if err != nil {
		badJSON(w, err)
		return
	}
	from := a.now().AddDate(0, 0, -30)
	if s := r.URL.Query().Get("from"); s != "" {
		if from, err = time.ParseInLocation("2006-01-02", s, zone.Shanghai()); err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "from: want YYYY-MM-DD — 日期格式应为 YYYY-MM-DD")
			return
		}
	}
	act := volActor(r, p)
	xs, err := a.Life.Volunteers.Activities(r.Context(), act, r.URL.Query().Get("under"), from, limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]activityJSON, 0, len(xs))
	for _, x := range xs {
		out = append(out, toActivityJSON(&act, x))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"activities": out, "limit": limit, "offset": offset})
}

func (a *API) publishVolunteerActivity(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		CommunityCode string    `json:"community_code"`
		TeamID        int64     `json:"team_id"`
		Title         string    `json:"title"`
		Detail        string    `json:"detail"`
		Place         string    `json:"place"`
		Lng           float64   `json:"lng"`
		Lat           float64   `json:"lat"`
		RadiusM       int       `json:"radius_m"`
		StartsAt      time.Time `json:"starts_at"`
		EndsAt        time.Time `json:"ends_at"`
		Capacity      int       `json:"capacity"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	act := volActor(r, p)
	x, err := a.Life.Volunteers.Publish(r.Context(), act, volunteer.ActivityInput{CommunityCode: req.CommunityCode, TeamID: req.TeamID, Title: req.Title,
		Detail: req.Detail, Place: req.Place, Lng: req.Lng, Lat: req.Lat, RadiusM: req.RadiusM, StartsAt: req.StartsAt, EndsAt: req.EndsAt, Capacity: req.Capacity})
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/volunteer-activities/"+strconv.FormatInt(x.ID, 10))
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"activity": toActivityJSON(&act, x)})
}

func (a *API) getVolunteerActivity(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	act := volActor(r, p)
	x, err := a.Life.Volunteers.Activity(r.Context(), act, id)
	if err != nil {
		fail(w, r, err)
		return
	}
	sus, err := a.Life.Volunteers.Signups(r.Context(), act, id)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]signupJSON, 0, len(sus))
	for _, s := range sus {
		out = append(out, toSignupJSON(s))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"activity": toActivityJSON(&act, x), "signups": out})
}

func (a *API) volunteerCheckInCode(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	code, exp, err := a.Life.Volunteers.CheckInCode(r.Context(), volActor(r, p), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"code": code, "expires_at": exp.In(zone.Shanghai()),
		"checkin_path": "/public/volunteer/checkin?code=" + code})
}

func (a *API) confirmVolunteerActivity(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	n, err := a.Life.Volunteers.Confirm(r.Context(), volActor(r, p), id)
	reply(w, r, http.StatusOK, map[string]any{"confirmed": n}, err)
}

func (a *API) cancelVolunteerActivity(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	act := volActor(r, p)
	x, err := a.Life.Volunteers.Cancel(r.Context(), act, id, req.Reason)
	reply(w, r, http.StatusOK, map[string]any{"activity": toActivityJSON(&act, x)}, err)
}

func (a *API) listVolunteerPatrols(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	limit, offset, err := paging(r, 30, volunteer.MaxPage)
	if err != nil {
		badJSON(w, err)
		return
	}
	ps, err := a.Life.Volunteers.Patrols(r.Context(), volActor(r, p), r.URL.Query().Get("under"), limit, offset)
	reply(w, r, http.StatusOK, map[string]any{"patrols": patrolsJSON(ps), "limit": limit, "offset": offset}, err)
}

func patrolsJSON(ps []volunteer.Patrol) []map[string]any {
	out := make([]map[string]any, 0, len(ps))
	for _, p := range ps {
		route := make([][2]float64, 0, len(p.Route))
		for _, pt := range p.Route {
			route = append(route, [2]float64{pt.Lng, pt.Lat})
		}
		finds := make([]map[string]any, 0, len(p.Findings))
		for _, f := range p.Findings {
			finds = append(finds, map[string]any{"id": f.ID, "text": f.Text, "lng": f.Lng, "lat": f.Lat, "order_number": f.OrderNumber})
		}
		out = append(out, map[string]any{"id": p.ID, "team_id": p.TeamID, "team_name": p.TeamName, "community_code": p.CommunityCode,
			"started_at": p.StartedAt.In(zone.Shanghai()), "ended_at": p.EndedAt.In(zone.Shanghai()), "route": route, "note": p.Note,
			"members": p.Members, "findings": finds})
	}
	return out
}

func (a *API) recordVolunteerPatrol(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		TeamID        int64        `json:"team_id"`
		CommunityCode string       `json:"community_code"`
		StartedAt     time.Time    `json:"started_at"`
		EndedAt       time.Time    `json:"ended_at"`
		Route         [][2]float64 `json:"route"`
		Note          string       `json:"note"`
		Members       []int64      `json:"members"`
		Findings      []struct {
			Text string  `json:"text"`
			Lng  float64 `json:"lng"`
			Lat  float64 `json:"lat"`
		} `json:"findings"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	in := volunteer.PatrolInput{TeamID: req.TeamID, CommunityCode: req.CommunityCode, StartedAt: req.StartedAt, EndedAt: req.EndedAt,
		Note: req.Note, Members: req.Members}
	for _, pt := range req.Route {
		in.Route = append(in.Route, volunteer.Point{Lng: pt[0], Lat: pt[1]})
	}
	for _, f := range req.Findings {
		in.Findings = append(in.Findings, volunteer.FindingInput{Text: f.Text, Lng: f.Lng, Lat: f.Lat})
	}
	x, err := a.Life.Volunteers.RecordPatrol(r.Context(), volActor(r, p), in)
	reply(w, r, http.StatusCreated, map[string]any{"patrol": patrolsJSON([]volunteer.Patrol{x})[0]}, err)
}

func (a *API) fileVolunteerFinding(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Category string `json:"category"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	f, err := a.Life.Volunteers.FileFinding(r.Context(), volActor(r, p), id, req.Category)
	reply(w, r, http.StatusCreated, map[string]any{"finding_id": f.ID, "order_number": f.OrderNumber}, err)
}

// publicVolunteerActivities: GET /api/v1/public/volunteer-activities?under=&limit=&offset=
func (a *API) publicVolunteerActivities(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := paging(r, 50, volunteer.MaxPage)
	if err != nil {
		badJSON(w, err)
		return
	}
	xs, err := a.Life.Volunteers.Upcoming(r.Context(), r.URL.Query().Get("under"), limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]activityJSON, 0, len(xs))
	for _, x := range xs {
		out = append(out, toActivityJSON(nil, x))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"activities": out, "limit": limit, "offset": offset})
}

// volunteerMe: the card's volunteer (masked), totals, sign-ups and ledger.
func (a *API) volunteerMe(w http.ResponseWriter, r *http.Request) {
	card := r.PathValue("card")
	svc := a.Life.Volunteers
	v, err := svc.Me(r.Context(), card)
	if err != nil {
		fail(w, r, err)
		return
	}
	sus, _, err := svc.MySignups(r.Context(), card, 50)
	if err != nil {
		fail(w, r, err)
		return
	}
	lines, err := svc.MyLines(r.Context(), card, "", 50, 0)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]signupJSON, 0, len(sus))
	for _, s := range sus {
		out = append(out, toSignupJSON(s))
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"volunteer": toVolunteerJSON(volunteer.Actor{}, v), "signups": out, "ledger": toLines(lines)})
}

func (a *API) volunteerSelfStep(step string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := pathID(w, r)
		if !ok {
			return
		}
		me := volunteer.Self{Card: r.PathValue("card"), IP: httpx.ClientIP(r)}
		var s volunteer.Signup
		var err error
		switch step {
		case "signup":
			s, err = a.Life.Volunteers.SignUp(r.Context(), me, id)
		case "checkin":
			var req struct {
				Lng float64 `json:"lng"`
				Lat float64 `json:"lat"`
			}
			if !decodeBody(w, r, &req) {
				return
			}
			s, err = a.Life.Volunteers.CheckInGPS(r.Context(), me, id, req.Lng, req.Lat)
		case "checkout":
			s, err = a.Life.Volunteers.CheckOut(r.Context(), me, id)
		}
		if err != nil {
			fail(w, r, err)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"signup": toSignupJSON(s)})
	}
}

// volunteerCheckInQR: POST /api/v1/volunteer/checkin {code, card | phone}.
func (a *API) volunteerCheckInQR(w http.ResponseWriter, r *http.Request) {
	if ok, wait := a.Throttle.Intake(r); !ok {
		httpx.WriteTooMany(w, wait, "volunteer check-ins")
		return
	}
	var req struct {
		Code  string `json:"code"`
		Card  string `json:"card"`
		Phone string `json:"phone"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	s, err := a.Life.Volunteers.CheckInQR(r.Context(), volunteer.Self{Card: req.Card, Phone: req.Phone, IP: httpx.ClientIP(r)}, req.Code)
	reply(w, r, http.StatusOK, map[string]any{"signup": toSignupJSON(s)}, err)
}
