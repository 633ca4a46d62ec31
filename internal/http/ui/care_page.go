package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/care"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
)

// registerCare adds the care pages (docs/design.md §13): the member list
// with counts, a member with their visits and the visit form (on the
// phone), and the grid log.
func (u *UI) registerCare(mux *http.ServeMux) {
	mux.HandleFunc("GET /care", u.signedIn(u.carePage))
	mux.HandleFunc("POST /care/enrol", u.signedIn(u.careEnrol))
	mux.HandleFunc("GET /care/members/{id}", u.signedIn(u.careMemberPage))
	mux.HandleFunc("POST /care/members/{id}/visit", u.signedIn(u.careVisit))
	mux.HandleFunc("POST /care/members/{id}/end", u.signedIn(u.careEnd))
	mux.HandleFunc("GET /care/visits/{id}/photo", u.signedIn(u.careVisitPhoto))
	mux.HandleFunc("POST /care/groups/{code}/plan", u.signedIn(u.carePlan))
	mux.HandleFunc("GET /grid/log", u.signedIn(u.gridLogPage))
}

func careActorOf(r *http.Request, p *httpx.Principal) care.Actor {
	return care.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

type careGroupView struct {
	Code, Name, Kind string
	Freq, Count      int
	Selected         bool
}

type careMemberView struct {
	care.Member
	GroupName, GridName, LastVisit, NextDue string
}

type careMeasureView struct {
	Code, Name                      string
	Members, OnSchedule, Visits30   int
	People, Houses                  int
	VisitRate, FloatingPct, RentPct string
	Low                             bool
}

type careData struct {
	Keeper, Named bool
	Planner       bool // an admin: the plans are a form
	Group         string
	Overdue       bool
	Groups        []careGroupView
	Members       []careMemberView
	Grids         []careMeasureView
	Communities   []careMeasureView
	Total         careMeasureView
	EnrolPerson   string
	EnrolGroup    string
	Error         string
	Done          string
}

func careShare(f float64) string {
	if f < 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", f*100)
}

func careMeasureOf(g care.GridMeasure, name string) careMeasureView {
	return careMeasureView{Code: g.GridCode, Name: name, Members: g.Members, OnSchedule: g.OnSchedule, Visits30: g.Visits30,
		People: g.People, Houses: g.Houses, VisitRate: careShare(g.VisitRate()), FloatingPct: careShare(g.FloatingShare()),
		RentPct: careShare(g.RentedShare()), Low: g.Members > 0 && g.VisitRate() < 0.8}
}

func (u *UI) carePage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q := r.URL.Query()
	u.renderCare(w, r, p, http.StatusOK, careData{Group: q.Get("group"), Overdue: q.Get("overdue") == "1",
		EnrolPerson: q.Get("person"), Done: q.Get("done")})
}

func (u *UI) renderCare(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d careData) {
	if !care.MayOpenPages(p.User.Role) {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	ctx := r.Context()
	pg := u.newPage(w, r, p, "care.title")
	a := careActorOf(r, p)
	d.Keeper = care.MayKeep(p.User.Role)
	d.Planner = care.MayPlan(p.User.Role)
	groups, err := u.o.Care.Groups(ctx)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	names := map[string]string{}
	for _, g := range groups {
		names[g.Code] = g.Name(string(pg.Lang))
	}
	ms, err := u.o.Care.Measures(ctx, a, "")
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	var total care.GridMeasure
	for _, m := range ms {
		total.Add(m)
	}
	d.Total = careMeasureOf(total, pg.T("care.total"))
	// One community: a line per grid; wider scopes: a line per community
	// (a district has hundreds of grids; its map layer shows them).
	if byCommunity := care.ByCommunity(ms); len(byCommunity) > 1 {
		for _, c := range byCommunity {
			d.Communities = append(d.Communities, careMeasureOf(c, u.regionName(ctx, c.CommunityCode)))
		}
	} else {
		for _, m := range ms {
			d.Grids = append(d.Grids, careMeasureOf(m, m.GridName))
		}
	}
	for _, g := range groups {
		d.Groups = append(d.Groups, careGroupView{Code: g.Code, Name: names[g.Code], Kind: g.Kind, Freq: g.FrequencyDays,
			Count: total.ByGroup[g.Code], Selected: g.Code == d.Group})
	}
	members, err := u.o.Care.Members(ctx, a, care.Filter{Group: d.Group, OverdueOnly: d.Overdue})
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	if d.Named, err = u.o.Care.MaySeeNames(ctx, a); err != nil {
		u.fail(w, r, p, err)
		return
	}
	gridNames := map[string]string{}
	for _, m := range ms {
		gridNames[m.GridCode] = m.GridName
	}
	for _, m := range members {
		d.Members = append(d.Members, u.careMemberViewOf(m, names, gridNames))
	}
	pg.D = d
	u.render(w, r, status, "care", pg)
}

func (u *UI) careMemberViewOf(m care.Member, groupNames, gridNames map[string]string) careMemberView {
	loc := shanghaiLocation()
	v := careMemberView{Member: m, GroupName: groupNames[m.GroupCode], GridName: gridNames[m.GridCode],
		NextDue: m.NextDue.In(loc).Format("2006-01-02")}
	if v.GridName == "" {
		v.GridName = m.GridCode
	}
	if !m.LastVisitAt.IsZero() {
		v.LastVisit = m.LastVisitAt.In(loc).Format("2006-01-02")
	}
	return v
}

func (u *UI) careEnrol(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	person, _ := strconv.ParseInt(strings.TrimSpace(r.FormValue("person_id")), 10, 64)
	group := r.FormValue("group")
	_, err := u.o.Care.Enroll(r.Context(), careActorOf(r, p), group, person, r.FormValue("note"))
	if err != nil {
		lang := langOf(w, r)
		d := careData{EnrolPerson: r.FormValue("person_id"), EnrolGroup: group, Error: lang.T(careErrKey(err, "care.err.enrol"))}
		if errs.KindOf(err) == errs.Forbidden {
			u.fail(w, r, p, err)
			return
		}
		u.renderCare(w, r, p, http.StatusBadRequest, d)
		return
	}
	http.Redirect(w, r, "/care?done=enrolled", http.StatusSeeOther)
}

// careErrKey is the message key of a refused step: conflict and not
// found have their own; anything else the step's own.
func careErrKey(err error, invalidKey string) string {
	switch {
	case errors.Is(err, care.ErrConflict):
		return "care.err.conflict"
	case errors.Is(err, care.ErrNotFound):
		return "care.err.notfound"
	}
	return invalidKey
}

func (u *UI) careEnd(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.errorPage(w, r, p, http.StatusNotFound, "error.notfound")
		return
	}
	version, _ := strconv.Atoi(r.FormValue("version"))
	if err := u.o.Care.End(r.Context(), careActorOf(r, p), id, version, r.FormValue("reason")); err != nil {
		if errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.Conflict {
			u.renderCareMember(w, r, p, http.StatusBadRequest, id, careMemberForm{EndError: langOf(w, r).T(careErrKey(err, "care.err.end"))})
			return
		}
		u.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/care?done=ended", http.StatusSeeOther)
}

func (u *UI) careVisitPhoto(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.errorPage(w, r, p, http.StatusNotFound, "error.notfound")
		return
	}
	data, ctype, err := u.o.Care.VisitPhoto(r.Context(), careActorOf(r, p), id)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(data)
}

// carePlan sets a group's visit frequency from the admin's form.
func (u *UI) carePlan(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	days, _ := strconv.Atoi(strings.TrimSpace(r.FormValue("days")))
	if _, err := u.o.Care.SetFrequency(r.Context(), careActorOf(r, p), r.PathValue("code"), days); err != nil {
		if errs.KindOf(err) == errs.Invalid {
			u.renderCare(w, r, p, http.StatusBadRequest, careData{Error: langOf(w, r).T("care.err.plan")})
			return
		}
		u.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/care?done=planned", http.StatusSeeOther)
}
