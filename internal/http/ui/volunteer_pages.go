package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/volunteer"
)

// registerVolunteers adds the volunteer pages: for staff /volunteers (the
// register, teams, activities and patrols of their area) with an
// activity's page and its check-in screen; for volunteers on a phone
// /public/volunteer (activities with places left), their own page through
// the card link, and the QR check-in. Handlers only parse, call and render.
func (u *UI) registerVolunteers(mux *http.ServeMux) {
	if u.o.Life == nil || u.o.Life.Volunteers == nil {
		return
	}
	mux.HandleFunc("GET /volunteers", u.signedIn(u.volStaff))
	mux.HandleFunc("POST /volunteers/register", u.signedIn(u.volRegister))
	mux.HandleFunc("POST /volunteers/teams", u.signedIn(u.volTeam))
	mux.HandleFunc("POST /volunteers/activities", u.signedIn(u.volPublish))
	mux.HandleFunc("POST /volunteers/patrols", u.signedIn(u.volPatrol))
	mux.HandleFunc("POST /volunteers/findings/{id}/order", u.signedIn(u.volFinding))
	mux.HandleFunc("POST /volunteers/{id}/{step}", u.signedIn(u.volStep))
	mux.HandleFunc("GET /volunteers/activities/{id}", u.signedIn(u.volActivity))
	mux.HandleFunc("GET /volunteers/activities/{id}/qr", u.signedIn(u.volQR))
	mux.HandleFunc("POST /volunteers/activities/{id}/{step}", u.signedIn(u.volActivityStep))
	u.registerVolunteerPublic(mux)
}

func init() {
	addFuncs(map[string]any{"volTicked": func(form map[string]string, code string) bool { return form["tick."+code] == "1" }})
}

func volActorOf(r *http.Request, p *httpx.Principal) volunteer.Actor {
	return volunteer.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

// cst formats times as people in China read them.
func cstTime(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(shanghaiLocation()).Format(layout)
}

// hours shows minutes as hours with one decimal.
func hours(min int64) string { return strconv.FormatFloat(float64(min)/60, 'f', 1, 64) }

type volRow struct {
	volunteer.Volunteer
	SkillText, AvailText, Hours string
	Actions                     map[string]bool
}

func volRowOf(v volunteer.Volunteer, zh bool, actions []string) volRow {
	row := volRow{Volunteer: v, Hours: hours(v.Minutes), Actions: map[string]bool{}}
	var ss, as []string
	for _, s := range v.Skills {
		ss = append(ss, volunteer.LabelOf(volunteer.Skills, s, zh))
	}
	for _, a := range v.Availability {
		as = append(as, volunteer.LabelOf(volunteer.Availability, a, zh))
	}
	sep := "、"
	if !zh {
		sep = ", "
	}
	row.SkillText, row.AvailText = strings.Join(ss, sep), strings.Join(as, sep)
	for _, a := range actions {
		row.Actions[a] = true
	}
	return row
}

type volActivityRow struct {
	volunteer.Activity
	When, StatusLabel string
	Left              int
	Actions           map[string]bool
}

func volActivityRowOf(x volunteer.Activity, lang Lang, actions []string) volActivityRow {
	row := volActivityRow{Activity: x, Left: x.Left(), Actions: map[string]bool{},
		When: cstTime(x.StartsAt, "2006-01-02 15:04") + "–" + cstTime(x.EndsAt, "15:04"), StatusLabel: lang.T("vol.status." + x.Status)}
	for _, a := range actions {
		row.Actions[a] = true
	}
	return row
}

type volStaffData struct {
	Tab          string
	Sum          volunteer.Summary
	SumHours     string
	MayKeep      bool
	MayPatrol    bool
	Teams        []volunteer.Team
	Volunteers   []volRow
	Next         int64
	Filter       map[string]string
	Activities   []volActivityRow
	Patrols      []volunteer.Patrol
	Communities  []medOption
	Skills       []medOption
	Availability []medOption
	TeamKinds    []medOption
	Form         map[string]string
	Card         *volCard
	Error, Done  string
}

// volCard is a revealed volunteer with their card link, to hand over.
type volCard struct {
	Row  volRow
	Link string
	QR   any
}

func labels(ls []volunteer.Label, zh bool) []medOption {
	var out []medOption
	for _, l := range ls {
		out = append(out, medOption{l.Code, volunteer.LabelOf(ls, l.Code, zh)})
	}
	return out
}

func (u *UI) volStaff(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderVolStaff(w, r, p, http.StatusOK, "", nil, nil)
}

func (u *UI) renderVolStaff(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, errMsg string, form map[string]string, card *volCard) {
	ctx := r.Context()
	if !volunteer.MayRead(p.User.Role) || p.Scope.IsZero() {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	pg := u.newPage(w, r, p, "vol.staff.title")
	zh := pg.Lang == LangZH
	act, svc := volActorOf(r, p), u.o.Life.Volunteers
	q := r.URL.Query()
	d := volStaffData{Tab: q.Get("tab"), MayKeep: volunteer.MayKeep(p.User.Role), MayPatrol: volunteer.MayPatrol(p.User.Role), Error: errMsg,
		Form: form, Card: card, Filter: map[string]string{"name": q.Get("name"), "phone": q.Get("phone"), "skill": q.Get("skill"), "team": q.Get("team")},
		Skills: labels(volunteer.Skills, zh), Availability: labels(volunteer.Availability, zh), TeamKinds: labels(volunteer.TeamKinds, zh)}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	if f := r.FormValue("tab"); r.Method == http.MethodPost && f != "" {
		d.Tab = f
	}
	switch d.Tab {
	case "activities", "teams", "patrols":
	default:
		d.Tab = "volunteers"
	}
	if done := q.Get("done"); strings.HasPrefix(done, "vol.done.") {
		d.Done = pg.T(done)
	}
	var err error
	if d.Sum, err = svc.Summarise(ctx, act); err != nil {
		u.fail(w, r, p, err)
		return
	}
	d.SumHours = hours(d.Sum.Minutes)
	if d.Teams, err = svc.Teams(ctx, act, ""); err != nil {
		u.fail(w, r, p, err)
		return
	}
	code := p.Scope.RegionPrefix()
	if len(code) > 12 {
		code = code[:12]
	}
	if d.Communities, err = u.communitiesIn(ctx, code); err != nil {
		u.fail(w, r, p, err)
		return
	}
	switch d.Tab {
	case "volunteers":
		after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
		team, _ := strconv.ParseInt(q.Get("team"), 10, 64)
		vs, next, err := svc.List(ctx, act, volunteer.Filter{Name: q.Get("name"), Phone: q.Get("phone"), Skill: q.Get("skill"), TeamID: team,
			After: after, Limit: 50})
		if err != nil {
			u.volRefused(w, r, p, err, nil)
			return
		}
		d.Next = next
		for _, v := range vs {
			d.Volunteers = append(d.Volunteers, volRowOf(v, zh, volunteer.VolunteerActions(act, v)))
		}
	case "activities":
		xs, err := svc.Activities(ctx, act, "", time.Now().AddDate(0, 0, -30), 100, 0)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		for _, x := range xs {
			d.Activities = append(d.Activities, volActivityRowOf(x, pg.Lang, volunteer.ActivityActions(act, x)))
		}
	case "patrols":
		if d.Patrols, err = svc.Patrols(ctx, act, "", 30, 0); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	pg.D = d
	u.render(w, r, status, "volunteers_staff", pg)
}

// volRefused shows a refused step on the staff page in the page's
// language, the form kept.
func (u *UI) volRefused(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error, f map[string]string) {
	switch status := statusOfKind(err); status {
	case http.StatusInternalServerError:
		u.fail(w, r, p, err)
	case http.StatusNotFound:
		u.notFound(w, r)
	default:
		u.renderVolStaff(w, r, p, status, lifeMessage(err, langOf(w, r)), f, nil)
	}
}

func volBack(w http.ResponseWriter, r *http.Request, tab, done string) {
	http.Redirect(w, r, "/volunteers?"+url.Values{"tab": {tab}, "done": {done}}.Encode(), http.StatusSeeOther)
}

func (u *UI) volRegister(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := formOf(r, "community_code", "team_id", "name", "phone")
	team, _ := strconv.ParseInt(f["team_id"], 10, 64)
	// Ticked boxes come back ticked when the form is refused.
	for _, k := range append(append([]string{}, r.Form["skills"]...), r.Form["availability"]...) {
		f["tick."+k] = "1"
	}
	_, err := u.o.Life.Volunteers.Register(r.Context(), volActorOf(r, p), volunteer.RegisterInput{CommunityCode: f["community_code"], TeamID: team,
		Name: f["name"], Phone: f["phone"], Skills: r.Form["skills"], Availability: r.Form["availability"]})
	if err != nil {
		f["tab"] = "volunteers"
		u.volRefused(w, r, p, err, f)
		return
	}
	volBack(w, r, "volunteers", "vol.done.register")
}

func (u *UI) volTeam(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := formOf(r, "region_code", "team_name", "kind", "note")
	if _, err := u.o.Life.Volunteers.CreateTeam(r.Context(), volActorOf(r, p), volunteer.TeamInput{RegionCode: f["region_code"], Name: f["team_name"],
		Kind: f["kind"], Note: f["note"]}); err != nil {
		u.volRefused(w, r, p, err, f)
		return
	}
	volBack(w, r, "teams", "vol.done.team")
}

// parseLocal reads a datetime-local field as Shanghai time.
func parseLocal(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(s), shanghaiLocation())
	if err != nil {
		return time.Time{}
	}
	return t
}

func (u *UI) volPublish(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := formOf(r, "community_code", "team_id", "title", "detail", "place", "lng", "lat", "radius", "starts", "ends", "capacity")
	num := func(k string) float64 { v, _ := strconv.ParseFloat(strings.TrimSpace(f[k]), 64); return v }
	team, _ := strconv.ParseInt(f["team_id"], 10, 64)
	_, err := u.o.Life.Volunteers.Publish(r.Context(), volActorOf(r, p), volunteer.ActivityInput{CommunityCode: f["community_code"], TeamID: team,
		Title: f["title"], Detail: f["detail"], Place: f["place"], Lng: num("lng"), Lat: num("lat"), RadiusM: int(num("radius")),
		StartsAt: parseLocal(f["starts"]), EndsAt: parseLocal(f["ends"]), Capacity: int(num("capacity"))})
	if err != nil {
		r.Form.Set("tab", "activities")
		u.volRefused(w, r, p, err, f)
		return
	}
	volBack(w, r, "activities", "vol.done.publish")
}

func (u *UI) volPatrol(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := formOf(r, "team_id", "community_code", "started", "ended", "members", "note", "findings", "route")
	team, _ := strconv.ParseInt(f["team_id"], 10, 64)
	in := volunteer.PatrolInput{TeamID: team, CommunityCode: f["community_code"], StartedAt: parseLocal(f["started"]), EndedAt: parseLocal(f["ended"]), Note: f["note"]}
	for _, m := range strings.FieldsFunc(f["members"], func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' || r == '\n' }) {
		id, err := strconv.ParseInt(strings.TrimSpace(m), 10, 64)
		if err != nil {
			id = -1 // the domain names the bad member
		}
		in.Members = append(in.Members, id)
	}
	for _, line := range strings.Split(f["findings"], "\n") {
		in.Findings = append(in.Findings, volunteer.FindingInput{Text: line})
	}
	for _, pt := range strings.Fields(f["route"]) {
		lng, lat, _ := strings.Cut(pt, ",")
		x, _ := strconv.ParseFloat(lng, 64)
		y, _ := strconv.ParseFloat(lat, 64)
		in.Route = append(in.Route, volunteer.Point{Lng: x, Lat: y})
	}
	if _, err := u.o.Life.Volunteers.RecordPatrol(r.Context(), volActorOf(r, p), in); err != nil {
		r.Form.Set("tab", "patrols")
		u.volRefused(w, r, p, err, f)
		return
	}
	volBack(w, r, "patrols", "vol.done.patrol")
}

func (u *UI) volFinding(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	f, err := u.o.Life.Volunteers.FileFinding(r.Context(), volActorOf(r, p), id, r.FormValue("category"))
	if err != nil {
		r.Form.Set("tab", "patrols")
		u.volRefused(w, r, p, err, nil)
		return
	}
	http.Redirect(w, r, "/orders/"+f.OrderNumber, http.StatusSeeOther)
}

// volStep runs reveal (the card to hand over) or adjust on a volunteer.
func (u *UI) volStep(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	ctx, act := r.Context(), volActorOf(r, p)
	switch r.PathValue("step") {
	case volunteer.ActionReveal:
		v, card, err := u.o.Life.Volunteers.Reveal(ctx, act, id, r.FormValue("purpose"))
		if err != nil {
			u.volRefused(w, r, p, err, nil)
			return
		}
		link := u.absolute(r, "/public/volunteer/me/"+card)
		svg, err := qrSVG(link, langOf(w, r).T("vol.card.qr"))
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		u.renderVolStaff(w, r, p, http.StatusOK, "", nil, &volCard{Row: volRowOf(v, langOf(w, r) == LangZH, nil), Link: link, QR: svg})
	case volunteer.ActionLeave:
		if _, err := u.o.Life.Volunteers.Leave(ctx, act, id, r.FormValue("reason")); err != nil {
			u.volRefused(w, r, p, err, nil)
			return
		}
		volBack(w, r, "volunteers", "vol.done.leave")
	case volunteer.ActionAdjust:
		amount, _ := strconv.ParseInt(strings.TrimSpace(r.FormValue("amount")), 10, 64)
		kind := r.FormValue("kind")
		if kind == volunteer.KindHours {
			amount *= 60 // the form takes hours; the ledger keeps minutes
		}
		if _, err := u.o.Life.Volunteers.Adjust(ctx, act, id, kind, amount, r.FormValue("reason")); err != nil {
			u.volRefused(w, r, p, err, nil)
			return
		}
		volBack(w, r, "volunteers", "vol.done.adjust")
	default:
		u.notFound(w, r)
	}
}

// absolute is path on this server as a phone would open it.
func (u *UI) absolute(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

type volActivityData struct {
	Activity volActivityRow
	Signups  []volSignupRow
	QR       any
	Expires  string
	CodeLink string
	Error    string
	Done     string
}

type volSignupRow struct {
	volunteer.Signup
	Signed, In, Out, Method, Hours string
}

func (u *UI) volActivity(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderVolActivity(w, r, p, http.StatusOK, "")
}

func (u *UI) renderVolActivity(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, errMsg string) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	ctx, act := r.Context(), volActorOf(r, p)
	x, err := u.o.Life.Volunteers.Activity(ctx, act, id)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	sus, err := u.o.Life.Volunteers.Signups(ctx, act, id)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "vol.activity.title")
	d := volActivityData{Activity: volActivityRowOf(x, pg.Lang, volunteer.ActivityActions(act, x)), Error: errMsg}
	if done := r.URL.Query().Get("done"); strings.HasPrefix(done, "vol.done.") {
		d.Done = pg.T(done)
	}
	for _, s := range sus {
		row := volSignupRow{Signup: s, Signed: cstTime(s.SignedAt, "01-02 15:04"), In: cstTime(s.CheckInAt, "15:04"), Out: cstTime(s.CheckOutAt, "15:04")}
		if s.CheckInMethod != "" {
			row.Method = pg.T("vol.method." + s.CheckInMethod)
		}
		if !s.CheckOutAt.IsZero() {
			row.Hours = hours(int64(s.Minutes))
		}
		d.Signups = append(d.Signups, row)
	}
	pg.D = d
	u.render(w, r, status, "volunteer_activity", pg)
}

// volQR is the organiser's check-in screen: a fresh code every minute
// (the page reloads itself), big enough to scan from a few steps away.
func (u *UI) volQR(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	ctx, act := r.Context(), volActorOf(r, p)
	code, exp, err := u.o.Life.Volunteers.CheckInCode(ctx, act, id)
	if err != nil {
		switch statusOfKind(err) {
		case http.StatusBadRequest, http.StatusForbidden:
			u.renderVolActivity(w, r, p, statusOfKind(err), lifeMessage(err, langOf(w, r)))
		default:
			u.fail(w, r, p, err)
		}
		return
	}
	x, err := u.o.Life.Volunteers.Activity(ctx, act, id)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "vol.qr.title")
	link := u.absolute(r, "/public/volunteer/checkin?code="+url.QueryEscape(code))
	svg, err := qrSVG(link, pg.T("vol.qr.title"))
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg.D = volActivityData{Activity: volActivityRowOf(x, pg.Lang, nil), QR: svg, Expires: cstTime(exp, "15:04:05"), CodeLink: link}
	w.Header().Set("Cache-Control", "no-store")
	u.render(w, r, http.StatusOK, "volunteer_qr", pg)
}

func (u *UI) volActivityStep(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	ctx, act := r.Context(), volActorOf(r, p)
	step := r.PathValue("step")
	switch step {
	case volunteer.ActionConfirm:
		_, err = u.o.Life.Volunteers.Confirm(ctx, act, id)
	case volunteer.ActionCancel:
		_, err = u.o.Life.Volunteers.Cancel(ctx, act, id, r.FormValue("reason"))
	default:
		u.notFound(w, r)
		return
	}
	if err != nil {
		if s := statusOfKind(err); s == http.StatusInternalServerError || s == http.StatusNotFound {
			u.fail(w, r, p, err)
			return
		}
		u.renderVolActivity(w, r, p, statusOfKind(err), lifeMessage(err, langOf(w, r)))
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/volunteers/activities/%d?done=vol.done.%s", id, step), http.StatusSeeOther)
}
