package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/category"
	"civicgrid/internal/errs"
	"civicgrid/internal/facility"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/orgunit"
)

// registerRegisters adds the 实有单位 and 部件 pages: /registers lists the
// units and facilities of the caller's area (a community or a grid; on a
// phone for grid workers), marks a facility 完好/损坏/丢失, files an order
// from a damaged facility in one step, and registers units and facilities.
func (u *UI) registerRegisters(mux *http.ServeMux) {
	mux.HandleFunc("GET /registers", u.signedIn(u.registersPage))
	mux.HandleFunc("POST /registers/units", u.signedIn(u.registersAddUnit))
	mux.HandleFunc("POST /registers/facilities", u.signedIn(u.registersAddFacility))
	mux.HandleFunc("POST /registers/facilities/{code}/state", u.signedIn(u.registersFacilityState))
	mux.HandleFunc("POST /registers/facilities/{code}/report", u.signedIn(u.registersFacilityReport))
	u.registerRegistersEdit(mux)
}

type regFacility struct {
	facility.Facility
	KindLabel, StateLabel string
	Category              string // the report category it suggests
	Description           string // the report text it suggests
}

type regUnit struct {
	orgunit.Unit
	KindLabel, StateLabel string
}

type regOption struct{ Value, Label string }

type registersData struct {
	Under          string
	Units          []regUnit
	Facilities     []regFacility
	Damaged        int
	MayEdit        bool
	MayReport      bool
	Done, Error    string
	UnitKinds      []regOption
	FacilityKinds  []regOption
	States         []regOption
	Categories     []regOption
	UnitForm       map[string]string
	FacilityForm   map[string]string
	OwnerUnits     []regOption
	ShowUnitForm   bool
	ShowFacilForm  bool
	FacilityFilter string
	UnitStates     []regOption
}

// reportCategory is the catalogue leaf an order about a damaged facility
// of a sub-kind goes to; "" lets the worker choose.
var reportCategory = map[string]string{
	"0101": "manhole.cover", "0102": "manhole.cover", "0103": "manhole.cover", "0104": "sewer.blocked", "0105": "manhole.cover",
	"0106": "manhole.cover", "0107": "manhole.cover", "0108": "manhole.cover", "0109": "streetlight.out", "0110": "hydrant.damaged",
	"0111": "power.line", "0205": "traffic.signal", "0207": "road.pothole", "0208": "sidewalk.damaged", "0301": "trashbin.damaged",
	"0302": "trashbin.damaged", "0303": "toilet.public", "0401": "tree.fallen", "0402": "greenbelt.damaged", "0404": "fitness.equipment",
}

// componentCategories are the categories offered for a facility report.
var componentCategories = []string{"streetlight.out", "manhole.cover", "sewer.blocked", "hydrant.damaged", "power.line",
	"road.pothole", "traffic.signal", "sidewalk.damaged", "trashbin.damaged", "toilet.public", "tree.fallen", "greenbelt.damaged",
	"building.dangerous", "facade.falling", "fitness.equipment"}

func (u *UI) registersPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderRegisters(w, r, p, http.StatusOK, "", nil, nil)
}

// renderRegisters shows the page; errKey and the forms come back after a
// refused form.
func (u *UI) renderRegisters(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, errKey string, unitForm, facForm map[string]string) {
	u.renderRegistersShowing(w, r, p, status, errKey, unitForm, facForm, nil)
}

// renderRegistersShowing is renderRegisters with one unit's contact
// revealed in full (after an audited reveal), shown once and not cached.
func (u *UI) renderRegistersShowing(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, errKey string, unitForm, facForm map[string]string, revealed *orgunit.Unit) {
	ctx := r.Context()
	if p.Scope.IsZero() || u.o.Units == nil {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	pg := u.newPage(w, r, p, "reg.title")
	under := r.FormValue("under")
	if under != "" && !p.Scope.CoversRegion(under) {
		u.notFound(w, r)
		return
	}
	d := registersData{Under: under, MayEdit: grid.MayEditRegister(p.User.Role), Done: r.URL.Query().Get("done"), Error: errKey,
		UnitForm: unitForm, FacilityForm: facForm, ShowUnitForm: unitForm != nil, ShowFacilForm: facForm != nil}
	d.MayReport = d.MayEdit && order.MayFileThrough(p.User.Role, order.ChannelPatrol)
	if !strings.HasPrefix(d.Done, "reg.done.") {
		d.Done = ""
	}
	d.FacilityFilter = r.URL.Query().Get("state")
	fs, err := facility.List(ctx, u.o.DB, p.Scope, facility.Filter{Under: under, State: d.FacilityFilter}, 500, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, f := range fs {
		rf := regFacility{Facility: f, KindLabel: pg.T("reg.fkind." + f.Kind), StateLabel: pg.T("reg.state." + f.State), Category: reportCategory[f.Kind]}
		rf.Description = rf.KindLabel + " " + f.Code + " " + pg.T("reg.report.default")
		if f.State != facility.StateOK {
			d.Damaged++
		}
		d.Facilities = append(d.Facilities, rf)
	}
	us, err := u.o.Units.List(ctx, p.Scope, orgunit.Filter{Under: under}, 500, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, x := range us {
		if revealed != nil && revealed.ID == x.ID {
			x = *revealed
			w.Header().Set("Cache-Control", "no-store")
		}
		d.Units = append(d.Units, regUnit{Unit: x, KindLabel: pg.T("reg.kind." + x.Kind), StateLabel: pg.T("reg.ustate." + x.State)})
		d.OwnerUnits = append(d.OwnerUnits, regOption{strconv.FormatInt(x.ID, 10), x.Name})
	}
	for _, k := range orgunit.Kinds {
		d.UnitKinds = append(d.UnitKinds, regOption{k, pg.T("reg.kind." + k)})
	}
	for _, k := range facility.Kinds {
		label := pg.T("reg.fkind." + k.Code)
		if pg.Lang != LangZH {
			label = k.Code + " " + label
		}
		d.FacilityKinds = append(d.FacilityKinds, regOption{k.Code, label})
	}
	for _, st := range orgunit.States {
		d.UnitStates = append(d.UnitStates, regOption{st, pg.T("reg.ustate." + st)})
	}
	for _, s := range facility.States {
		d.States = append(d.States, regOption{s, pg.T("reg.state." + s)})
	}
	cats, err := u.categoryNames(r, pg.Lang, componentCategories)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d.Categories = cats
	pg.D = d
	u.render(w, r, status, "registers", pg)
}

// categoryNames labels catalogue codes in the page language.
func (u *UI) categoryNames(r *http.Request, lang Lang, codes []string) ([]regOption, error) {
	var out []regOption
	for _, c := range codes {
		cat, err := category.Get(r.Context(), u.o.DB, c)
		if err != nil {
			continue // not in this catalogue
		}
		out = append(out, regOption{c, categoryName(cat, lang)})
	}
	return out, nil
}

func (u *UI) registersBack(w http.ResponseWriter, r *http.Request, done string) {
	q := url.Values{"done": {done}}
	if under := r.FormValue("under"); under != "" {
		q.Set("under", under)
	}
	http.Redirect(w, r, "/registers?"+q.Encode(), http.StatusSeeOther)
}

// registersErr is the message key of a refused register change.
func registersErr(err error) (int, string) {
	var cc *orgunit.CreditCodeError
	var nm *address.NoMatchError
	switch {
	case errors.As(err, &cc):
		return http.StatusBadRequest, "reg.err.credit"
	case errors.As(err, &nm):
		return http.StatusBadRequest, "reg.err.address"
	case errors.Is(err, facility.ErrUnknownCode):
		return http.StatusBadRequest, "reg.err.nofacility"
	}
	switch errs.KindOf(err) {
	case errs.Invalid:
		return http.StatusBadRequest, "reg.err.invalid"
	case errs.Conflict:
		return http.StatusConflict, "reg.err.conflict"
	case errs.Stale:
		return http.StatusConflict, "reg.err.stale"
	case errs.Forbidden:
		return http.StatusForbidden, "error.forbidden"
	case errs.NotFound:
		return http.StatusNotFound, "error.notfound"
	}
	return http.StatusInternalServerError, ""
}

func (u *UI) registersRefused(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error, unitForm, facForm map[string]string) {
	status, key := registersErr(err)
	switch status {
	case http.StatusInternalServerError:
		u.fail(w, r, p, err)
	case http.StatusNotFound, http.StatusForbidden:
		u.errorPage(w, r, p, status, key)
	default:
		u.renderRegisters(w, r, p, status, key, unitForm, facForm)
	}
}

func formOf(r *http.Request, keys ...string) map[string]string {
	m := map[string]string{}
	for _, k := range keys {
		m[k] = r.FormValue(k)
	}
	return m
}

func (u *UI) registersAddUnit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := formOf(r, "kind", "name", "credit_code", "address", "contact_name", "contact_phone", "staff_count")
	staff, _ := strconv.Atoi(strings.TrimSpace(f["staff_count"]))
	if s := strings.TrimSpace(f["staff_count"]); s != "" && (staff < 0 || strconv.Itoa(staff) != s) {
		u.renderRegisters(w, r, p, http.StatusBadRequest, "reg.err.invalid", f, nil)
		return
	}
	_, err := u.o.Units.Create(r.Context(), u.editor(r, p), orgunit.Input{Kind: f["kind"], Name: f["name"],
		CreditCode: f["credit_code"], Address: f["address"], ContactName: f["contact_name"], ContactPhone: f["contact_phone"], StaffCount: staff})
	if err != nil {
		u.registersRefused(w, r, p, err, f, nil)
		return
	}
	u.registersBack(w, r, "reg.done.unit")
}

func (u *UI) registersAddFacility(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := formOf(r, "kind", "name", "lng", "lat", "owner_unit")
	lng, err1 := strconv.ParseFloat(strings.TrimSpace(f["lng"]), 64)
	lat, err2 := strconv.ParseFloat(strings.TrimSpace(f["lat"]), 64)
	owner, _ := strconv.ParseInt(f["owner_unit"], 10, 64)
	if err1 != nil || err2 != nil {
		u.renderRegisters(w, r, p, http.StatusBadRequest, "reg.err.point", nil, f)
		return
	}
	_, err := u.o.Facilities.Create(r.Context(), u.editor(r, p), facility.Input{Kind: f["kind"], Name: f["name"],
		Lng: lng, Lat: lat, OwnerUnitID: owner})
	if err != nil {
		u.registersRefused(w, r, p, err, nil, f)
		return
	}
	u.registersBack(w, r, "reg.done.facility")
}

func (u *UI) registersFacilityState(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	f, err := facility.GetByCode(ctx, u.o.DB, p.Scope, r.PathValue("code"))
	if err != nil {
		u.notFound(w, r)
		return
	}
	if _, err := u.o.Facilities.SetState(ctx, u.editor(r, p), f.ID, 0, r.FormValue("state")); err != nil {
		u.registersRefused(w, r, p, err, nil, nil)
		return
	}
	u.registersBack(w, r, "reg.done.state")
}

// registersFacilityReport marks a facility 损坏 and files a patrol order
// naming it, in one step, then opens the order.
func (u *UI) registersFacilityReport(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	f, err := facility.GetByCode(ctx, u.o.DB, p.Scope, r.PathValue("code"))
	if err != nil {
		u.notFound(w, r)
		return
	}
	ed := u.editor(r, p)
	actor := order.StaffActor(p.User, p.Scope, httpx.ClientIP(r))
	in := order.Input{Channel: order.ChannelPatrol, Category: r.FormValue("category"), Description: r.FormValue("description"),
		FacilityCode: f.Code}
	if err := u.o.Orders.Check(ctx, actor, in); err != nil {
		u.registersRefused(w, r, p, err, nil, nil)
		return
	}
	if f.State == facility.StateOK {
		if _, err := u.o.Facilities.SetState(ctx, ed, f.ID, 0, facility.StateDamaged); err != nil {
			u.registersRefused(w, r, p, err, nil, nil)
			return
		}
	}
	o, _, err := u.o.Orders.Create(ctx, actor, in)
	if err != nil {
		u.registersRefused(w, r, p, err, nil, nil)
		return
	}
	http.Redirect(w, r, "/orders/"+o.Number, http.StatusSeeOther)
}
