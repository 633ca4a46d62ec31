package ui

import (
	"net/http"
	"strconv"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/servicepoint"
)

// registerServicePoints adds the 四进社区 pages: the public page of a
// community's service points /public/service-points (phone first: whom to
// call, when it is open, what can be done there) and the staff page
// /service-points that keeps them.
func (u *UI) registerServicePoints(mux *http.ServeMux) {
	if u.o.Life == nil || u.o.Life.Points == nil {
		return
	}
	mux.HandleFunc("GET /public/service-points", u.pointsPublic)
	mux.HandleFunc("GET /service-points", u.signedIn(u.pointsStaff))
	mux.HandleFunc("POST /service-points", u.signedIn(u.pointCreate))
	mux.HandleFunc("POST /service-points/{id}/{what}", u.signedIn(u.pointAdd))
}

type pointCard struct {
	servicepoint.Point
	KindLabel string
}

type pointsData struct {
	Community   string
	Communities []medOption
	Kinds       []medOption
	Cards       []pointCard
	MayWrite    bool
	Form        map[string]string
	Error, Done string
	ErrorFor    int64
}

func pointKind(code string, lang Lang) string {
	for _, k := range servicepoint.Kinds {
		if k.Code == code {
			if lang == LangZH {
				return k.Zh
			}
			return k.En
		}
	}
	return code
}

func (u *UI) pointsPublic(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := httpx.PrincipalFrom(ctx)
	pg := u.newPage(w, r, p, "sp.public.title")
	d := pointsData{Community: r.URL.Query().Get("community")}
	if area, ok := u.area.get(ctx, u.o.DB); ok {
		var err error
		if d.Communities, err = u.communitiesIn(ctx, area.Code); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	ps, err := u.o.Life.Points.Public(ctx, d.Community)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, x := range ps {
		d.Cards = append(d.Cards, pointCard{Point: x, KindLabel: pointKind(x.Kind, pg.Lang)})
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "servicepoints_public", pg)
}

func (u *UI) pointsStaff(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderPointsStaff(w, r, p, http.StatusOK, "", 0, nil)
}

func (u *UI) renderPointsStaff(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, errMsg string, errFor int64, form map[string]string) {
	ctx := r.Context()
	if !servicepoint.MayWrite(p.User.Role) || p.Scope.IsZero() {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	pg := u.newPage(w, r, p, "sp.staff.title")
	d := pointsData{MayWrite: true, Error: errMsg, ErrorFor: errFor, Form: form}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	if done := r.URL.Query().Get("done"); done == "1" {
		d.Done = pg.T("sp.done")
	}
	for _, k := range servicepoint.Kinds {
		d.Kinds = append(d.Kinds, medOption{k.Code, pointKind(k.Code, pg.Lang)})
	}
	ps, err := u.o.Life.Points.List(ctx, servicepoint.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)})
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, x := range ps {
		d.Cards = append(d.Cards, pointCard{Point: x, KindLabel: pointKind(x.Kind, pg.Lang)})
	}
	if d.Communities, err = u.communitiesIn(ctx, p.Scope.RegionPrefix()); err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg.D = d
	u.render(w, r, status, "servicepoints_staff", pg)
}

func (u *UI) pointRefused(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error, id int64, f map[string]string) {
	switch status := statusOfKind(err); status {
	case http.StatusInternalServerError:
		u.fail(w, r, p, err)
	case http.StatusNotFound:
		u.notFound(w, r)
	default:
		u.renderPointsStaff(w, r, p, status, lifeMessage(err, langOf(w, r)), id, f)
	}
}

func (u *UI) pointCreate(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := formOf(r, "community_code", "kind", "name", "address", "phone", "hours")
	_, err := u.o.Life.Points.Create(r.Context(), servicepoint.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)},
		servicepoint.Input{CommunityCode: f["community_code"], Kind: f["kind"], Name: f["name"], Address: f["address"], Phone: f["phone"], Hours: f["hours"]})
	if err != nil {
		u.pointRefused(w, r, p, err, 0, f)
		return
	}
	http.Redirect(w, r, "/service-points?done=1", http.StatusSeeOther)
}

// pointAdd adds a person on duty (what=staff) or a service (what=item).
func (u *UI) pointAdd(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	act := servicepoint.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
	f := formOf(r, "name", "post", "phone", "duty", "note")
	switch r.PathValue("what") {
	case "staff":
		_, err = u.o.Life.Points.AddStaff(r.Context(), act, id, servicepoint.Staff{Name: f["name"], Post: f["post"], Phone: f["phone"], Duty: f["duty"]})
	case "item":
		_, err = u.o.Life.Points.AddItem(r.Context(), act, id, servicepoint.Item{Name: f["name"], Note: f["note"]})
	default:
		u.notFound(w, r)
		return
	}
	if err != nil {
		u.pointRefused(w, r, p, err, id, f)
		return
	}
	http.Redirect(w, r, "/service-points?done=1#point-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
