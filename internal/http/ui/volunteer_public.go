package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/volunteer"
)

// cardCookie remembers, on a volunteer's own phone, the card link they
// opened, so scanning an activity's check-in code needs no typing. It is
// the card itself (a MAC, not a session), kept HttpOnly.
const cardCookie = "cg_vcard"

func (u *UI) registerVolunteerPublic(mux *http.ServeMux) {
	mux.HandleFunc("GET /public/volunteer", u.volPublic)
	mux.HandleFunc("GET /public/volunteer/me/{card}", u.volMe)
	mux.HandleFunc("POST /public/volunteer/me/{card}/{step}/{id}", u.volMeStep)
	mux.HandleFunc("GET /public/volunteer/checkin", u.volCheckInPage)
	mux.HandleFunc("POST /public/volunteer/checkin", u.volCheckIn)
}

type volPublicData struct {
	Community   string
	Communities []medOption
	Activities  []volActivityRow
	Card        string // the remembered card, to sign up from the list
	Mine        map[int64]bool
}

func cardOf(r *http.Request) string {
	if c, err := r.Cookie(cardCookie); err == nil {
		return c.Value
	}
	return ""
}

// volPublic lists the published activities to come, with places left and
// no person in them.
func (u *UI) volPublic(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := httpx.PrincipalFrom(ctx)
	pg := u.newPage(w, r, p, "vol.public.title")
	d := volPublicData{Community: r.URL.Query().Get("community"), Card: cardOf(r)}
	if _, err := u.o.Life.Volunteers.Me(ctx, d.Card); err != nil {
		d.Card = ""
	} else if sus, _, err := u.o.Life.Volunteers.MySignups(ctx, d.Card, 50); err == nil {
		d.Mine = map[int64]bool{}
		for _, s := range sus {
			d.Mine[s.ActivityID] = true
		}
	}
	if area, ok := u.area.get(ctx, u.o.DB); ok {
		var err error
		if d.Communities, err = u.communitiesIn(ctx, area.Code); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	xs, err := u.o.Life.Volunteers.Upcoming(ctx, d.Community, 100, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, x := range xs {
		d.Activities = append(d.Activities, volActivityRowOf(x, pg.Lang, nil))
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "volunteer_public", pg)
}

type volMeData struct {
	Me          volRow
	Card        string
	Points      int64
	Mine        []volMineRow
	Open        []volActivityRow
	Lines       []volLineRow
	Error, Done string
	ErrorFor    int64
}

type volMineRow struct {
	volActivityRow
	volunteer.Signup
	In, Out, Hours     string
	CanIn, CanOut, Now bool
}

type volLineRow struct {
	volunteer.Line
	When, Amount string
}

func (u *UI) volMe(w http.ResponseWriter, r *http.Request) {
	u.renderVolMe(w, r, http.StatusOK, "", 0)
}

func (u *UI) renderVolMe(w http.ResponseWriter, r *http.Request, status int, errMsg string, errFor int64) {
	ctx, card := r.Context(), r.PathValue("card")
	svc := u.o.Life.Volunteers
	v, err := svc.Me(ctx, card)
	if err != nil {
		u.notFound(w, r)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cardCookie, Value: card, Path: "/public/volunteer", MaxAge: 365 * 24 * 3600, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	pg := u.newPage(w, r, httpx.PrincipalFrom(ctx), "vol.me.title")
	zh := pg.Lang == LangZH
	d := volMeData{Me: volRowOf(v, zh, nil), Card: card, Points: v.Points, Error: errMsg, ErrorFor: errFor}
	if done := r.URL.Query().Get("done"); strings.HasPrefix(done, "vol.done.") {
		d.Done = pg.T(done)
	}
	sus, xs, err := svc.MySignups(ctx, card, 20)
	if err != nil {
		u.fail(w, r, nil, err)
		return
	}
	now := svc.Now()
	signed := map[int64]bool{}
	for i, s := range sus {
		x := xs[i]
		signed[x.ID] = true
		row := volMineRow{volActivityRow: volActivityRowOf(x, pg.Lang, nil), Signup: s, In: cstTime(s.CheckInAt, "15:04"), Out: cstTime(s.CheckOutAt, "15:04")}
		open := x.Status == volunteer.StatusPublished && !now.Before(x.StartsAt.Add(-volunteer.Early)) && !now.After(x.EndsAt)
		row.CanIn = open && s.CheckInAt.IsZero()
		row.CanOut = !s.CheckInAt.IsZero() && s.CheckOutAt.IsZero() && !now.After(x.EndsAt.Add(volunteer.Late))
		row.Now = open
		if !s.CheckOutAt.IsZero() {
			row.Hours = hours(int64(s.Minutes))
		}
		d.Mine = append(d.Mine, row)
	}
	up, err := svc.Upcoming(ctx, "", 20, 0)
	if err != nil {
		u.fail(w, r, nil, err)
		return
	}
	for _, x := range up {
		if !signed[x.ID] && strings.HasPrefix(x.CommunityCode, v.CommunityCode[:9]) {
			d.Open = append(d.Open, volActivityRowOf(x, pg.Lang, nil))
		}
	}
	lines, err := svc.MyLines(ctx, card, "", 20, 0)
	if err != nil {
		u.fail(w, r, nil, err)
		return
	}
	for _, l := range lines {
		amount := fmt.Sprintf("%+d", l.Amount)
		if l.Kind == volunteer.KindHours {
			amount = fmt.Sprintf("%+.1f", float64(l.Amount)/60)
		}
		d.Lines = append(d.Lines, volLineRow{Line: l, When: cstTime(l.CreatedAt, "2006-01-02"), Amount: amount})
	}
	pg.D = d
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the card is in the URL
	u.render(w, r, status, "volunteer_me", pg)
}

// volMeStep signs up, checks in by GPS or checks out from the own page.
func (u *UI) volMeStep(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	ctx, card := r.Context(), r.PathValue("card")
	me := volunteer.Self{Card: card, IP: httpx.ClientIP(r)}
	svc := u.o.Life.Volunteers
	step := r.PathValue("step")
	switch step {
	case "signup":
		_, err = svc.SignUp(ctx, me, id)
	case "checkin":
		lng, _ := strconv.ParseFloat(r.FormValue("lng"), 64)
		lat, _ := strconv.ParseFloat(r.FormValue("lat"), 64)
		_, err = svc.CheckInGPS(ctx, me, id, lng, lat)
	case "checkout":
		_, err = svc.CheckOut(ctx, me, id)
	default:
		u.notFound(w, r)
		return
	}
	if err != nil {
		switch s := statusOfKind(err); s {
		case http.StatusInternalServerError, http.StatusNotFound, http.StatusForbidden:
			u.fail(w, r, nil, err)
		default:
			u.renderVolMe(w, r, s, lifeMessage(err, langOf(w, r)), id)
		}
		return
	}
	http.Redirect(w, r, "/public/volunteer/me/"+url.PathEscape(card)+"?done=vol.done."+step, http.StatusSeeOther)
}

type volCheckInData struct {
	Code        string
	Known       bool   // the phone remembers a card
	Card        string // then, for the link to their page
	Name        string
	Activity    string
	Error, Done string
	Phone       string
}

func (u *UI) volCheckInPage(w http.ResponseWriter, r *http.Request) {
	u.renderVolCheckIn(w, r, http.StatusOK, r.URL.Query().Get("code"), "", "", "")
}

func (u *UI) renderVolCheckIn(w http.ResponseWriter, r *http.Request, status int, code, errMsg, done, phone string) {
	ctx := r.Context()
	pg := u.newPage(w, r, httpx.PrincipalFrom(ctx), "vol.checkin.title")
	d := volCheckInData{Code: code, Error: errMsg, Done: done, Phone: phone}
	if v, err := u.o.Life.Volunteers.Me(ctx, cardOf(r)); err == nil {
		d.Known, d.Name, d.Card = true, v.Name, cardOf(r)
	}
	if id, err := strconv.ParseInt(strings.SplitN(code, ".", 2)[0], 10, 64); err == nil {
		if x, err := u.o.Life.Volunteers.PublicActivity(ctx, id); err == nil {
			d.Activity = x.Title + " · " + x.Place
		}
	}
	pg.D = d
	w.Header().Set("Cache-Control", "no-store")
	u.render(w, r, status, "volunteer_checkin", pg)
}

func (u *UI) volCheckIn(w http.ResponseWriter, r *http.Request) {
	if msg, limited := u.publicLimited(w, r, "wish.limited"); limited {
		u.renderVolCheckIn(w, r, http.StatusTooManyRequests, r.FormValue("code"), msg, "", "")
		return
	}
	code, phone := r.FormValue("code"), r.FormValue("phone")
	me := volunteer.Self{Card: cardOf(r), Phone: phone, IP: httpx.ClientIP(r)}
	if phone != "" {
		me.Card = ""
	}
	su, err := u.o.Life.Volunteers.CheckInQR(r.Context(), me, code)
	if err != nil {
		s := statusOfKind(err)
		if s == http.StatusInternalServerError {
			u.fail(w, r, nil, err)
			return
		}
		if s == http.StatusNotFound {
			s = http.StatusBadRequest
		}
		u.renderVolCheckIn(w, r, s, code, lifeMessage(err, langOf(w, r)), "", phone)
		return
	}
	lang := langOf(w, r)
	u.renderVolCheckIn(w, r, http.StatusOK, code, "", lang.Tf("vol.checkin.done", cstTime(su.CheckInAt, "15:04")), "")
}
