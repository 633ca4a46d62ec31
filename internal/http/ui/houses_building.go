package ui

import (
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/store"
)

func (u *UI) registerBuildingPages(mux *http.ServeMux) {
	mux.HandleFunc("GET /buildings/{code}", u.signedIn(u.buildingPage))
	mux.HandleFunc("POST /buildings/{code}", u.signedIn(u.buildingEdit))
	mux.HandleFunc("POST /buildings/{code}/retire", u.signedIn(u.buildingRetire))
	mux.HandleFunc("POST /buildings/{code}/units", u.signedIn(u.buildingAddUnit))
	mux.HandleFunc("POST /buildings/{code}/units/{unit}/retire", u.signedIn(u.buildingRetireUnit))
	mux.HandleFunc("POST /buildings/{code}/units/{unit}/rename", u.signedIn(u.buildingRenameUnit))
	mux.HandleFunc("POST /buildings/{code}/address", u.signedIn(u.buildingAddress))
	mux.HandleFunc("POST /buildings/{code}/staff", u.signedIn(u.buildingAppoint))
	mux.HandleFunc("POST /buildings/{code}/staff/{user}/remove", u.signedIn(u.buildingDismiss))
	mux.HandleFunc("POST /buildings/{code}/rooms", u.signedIn(u.buildingAddRoom))
}

type houseRow struct {
	address.House
	UseLabel, Area string
}

type roomForm struct {
	Unit, Room, Road, Door, Use, Area, Tenants, LeaseStart, LeaseEnd string
}

type buildingData struct {
	Building    grid.Building
	GridName    string
	EstateName  string
	EstateOpts  []option
	Units       []grid.Unit
	Staff       []grid.BuildingMember
	Houses      []houseRow
	Door        string // the building's standard address, "" when none
	NeedsRoad   bool
	UseOpts     []option
	Room        roomForm
	MayEdit     bool
	MayStaff    bool
	Done, Error string
	ErrorForm   string
}

var houseUses = []string{address.UseOwn, address.UseRent, address.UseVacant, address.UseBusiness, address.UseOther}

// inScopeBuilding loads a building the caller may see; out of scope is
// not found.
func (u *UI) inScopeBuilding(r *http.Request, p *httpx.Principal) (grid.Building, bool) {
	b, err := grid.GetBuilding(r.Context(), u.o.DB, r.PathValue("code"))
	if err != nil || !p.Scope.CoversRegion(b.GridCode) {
		return grid.Building{}, false
	}
	return b, true
}

func (u *UI) buildingPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderBuilding(w, r, p, http.StatusOK, "", "", roomForm{Use: address.UseOwn})
}

func (u *UI) renderBuilding(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, errMsg, errForm string, room roomForm) {
	if !u.housesGuard(w, r, p) {
		return
	}
	ctx := r.Context()
	b, ok := u.inScopeBuilding(r, p)
	if !ok || b.Retired {
		u.notFound(w, r)
		return
	}
	pg := u.newPage(w, r, p, "houses.building.title")
	pg.Title = b.Name + " · " + pg.Title
	d := buildingData{Building: b, MayEdit: grid.MayEditRegister(p.User.Role), MayStaff: grid.MayStaff(p.User.Role),
		Error: errMsg, ErrorForm: errForm, Room: room}
	if done := r.URL.Query().Get("done"); strings.HasPrefix(done, "houses.done.") {
		d.Done = done
	}
	if g, err := grid.Get(ctx, u.o.DB, b.GridCode); err == nil {
		d.GridName = g.Name
	}
	if p.Scope.CoversRegion(b.GridCode[:12]) {
		es, err := address.ListEstates(ctx, u.o.DB, p.Scope, b.GridCode[:12])
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		for _, e := range es {
			d.EstateOpts = append(d.EstateOpts, option{Value: strconv.FormatInt(e.ID, 10), Label: e.Name, Selected: e.ID == b.EstateID})
			if e.ID == b.EstateID {
				d.EstateName = e.Name
			}
		}
	}
	var err error
	if d.Units, err = grid.ListUnits(ctx, u.o.DB, b.Code); err != nil {
		u.fail(w, r, p, err)
		return
	}
	if d.Staff, err = grid.BuildingMembers(ctx, u.o.DB, b.Code); err != nil {
		u.fail(w, r, p, err)
		return
	}
	hs, err := address.ListHouses(ctx, u.o.DB, p.Scope, address.HouseFilter{BuildingCode: b.Code}, address.MaxList, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, h := range hs {
		d.Houses = append(d.Houses, houseRow{House: h, UseLabel: pg.T("people.use." + h.Use), Area: address.FormatArea(h.AreaDM2)})
	}
	doors, err := address.List(ctx, u.o.DB, p.Scope, address.Filter{BuildingCode: b.Code, Level: address.LevelBuilding}, 1, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	if len(doors) > 0 {
		d.Door = doors[0].Text
	}
	d.NeedsRoad = d.Door == ""
	d.UseOpts = options(pg.Lang, "people.use.", houseUses, room.Use)
	pg.D = d
	u.render(w, r, status, "houses_building", pg)
}

func (u *UI) buildingBack(w http.ResponseWriter, r *http.Request, done string) {
	http.Redirect(w, r, "/buildings/"+r.PathValue("code")+"?done="+done, http.StatusSeeOther)
}

func (u *UI) buildingRefused(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error, form string, room roomForm) {
	status, msg := structureErr(err, langOf(w, r))
	if status == http.StatusBadRequest || status == http.StatusConflict {
		if room.Use == "" {
			room.Use = address.UseOwn
		}
		u.renderBuilding(w, r, p, status, msg, form, room)
		return
	}
	u.fail(w, r, p, err)
}

// inTx runs one structure change in a transaction.
func (u *UI) inTx(r *http.Request, f func(tx *store.Tx) error) error {
	return u.o.DB.InTx(r.Context(), f)
}

func (u *UI) buildingEdit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	b, ok := u.inScopeBuilding(r, p)
	if !ok {
		u.notFound(w, r)
		return
	}
	e := grid.BuildingEdit{Name: r.FormValue("name"), Address: r.FormValue("address"), EstateID: formID(r, "estate"),
		Lng: b.Lng, Lat: b.Lat, HasPoint: b.HasPoint}
	err := u.inTx(r, func(tx *store.Tx) error {
		_, err := grid.UpdateBuilding(ctx, tx, u.editor(r, p), b.Code, e)
		return err
	})
	if err != nil {
		u.buildingRefused(w, r, p, err, "building", roomForm{})
		return
	}
	u.buildingBack(w, r, "houses.done.saved")
}

func (u *UI) buildingRetire(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	b, ok := u.inScopeBuilding(r, p)
	if !ok {
		u.notFound(w, r)
		return
	}
	if err := u.inTx(r, func(tx *store.Tx) error { return grid.RetireBuilding(ctx, tx, u.editor(r, p), b.Code) }); err != nil {
		u.buildingRefused(w, r, p, err, "retire", roomForm{})
		return
	}
	http.Redirect(w, r, "/houses?under="+b.GridCode[:12]+"&done=houses.done.retired", http.StatusSeeOther)
}

func (u *UI) buildingAddUnit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	err := u.inTx(r, func(tx *store.Tx) error {
		_, err := grid.CreateUnitAs(ctx, tx, u.editor(r, p), r.PathValue("code"), strings.TrimSpace(r.FormValue("name")))
		return err
	})
	if err != nil {
		u.buildingRefused(w, r, p, err, "unit", roomForm{})
		return
	}
	u.buildingBack(w, r, "houses.done.unit")
}

func (u *UI) buildingRetireUnit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	unit, err := grid.GetUnit(ctx, u.o.DB, r.PathValue("unit"))
	if err != nil || unit.BuildingCode != r.PathValue("code") {
		u.notFound(w, r)
		return
	}
	if err := u.inTx(r, func(tx *store.Tx) error { return grid.RetireUnit(ctx, tx, u.editor(r, p), unit.Code) }); err != nil {
		u.buildingRefused(w, r, p, err, "unit", roomForm{})
		return
	}
	u.buildingBack(w, r, "houses.done.retired")
}

func (u *UI) buildingRenameUnit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	unit, err := grid.GetUnit(ctx, u.o.DB, r.PathValue("unit"))
	if err != nil || unit.BuildingCode != r.PathValue("code") {
		u.notFound(w, r)
		return
	}
	err = u.inTx(r, func(tx *store.Tx) error {
		_, err := grid.RenameUnit(ctx, tx, u.editor(r, p), unit.Code, r.FormValue("name"))
		return err
	})
	if err != nil {
		u.buildingRefused(w, r, p, err, "unit", roomForm{})
		return
	}
	u.buildingBack(w, r, "houses.done.renamed")
}

// buildingAddress gives the building its standard address (街路巷 +
// 门牌号); its rooms then take road and door from it.
func (u *UI) buildingAddress(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	b, ok := u.inScopeBuilding(r, p)
	if !ok {
		u.notFound(w, r)
		return
	}
	err := u.inTx(r, func(tx *store.Tx) error {
		_, err := address.Create(ctx, tx, u.editor(r, p), u.addressLocator(), address.Input{Road: r.FormValue("road"),
			DoorNo: r.FormValue("door"), BuildingCode: b.Code})
		return err
	})
	if err != nil {
		u.buildingRefused(w, r, p, err, "address", roomForm{})
		return
	}
	u.buildingBack(w, r, "houses.done.address")
}

// buildingAppoint names a 楼长 (no unit) or 单元长 (a unit chosen).
func (u *UI) buildingAppoint(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	target, err := auth.GetUserByUsername(ctx, u.o.DB, strings.TrimSpace(r.FormValue("username")))
	if err != nil {
		u.buildingRefused(w, r, p, grid.ErrUserNotFound, "staff", roomForm{})
		return
	}
	unit, role := r.FormValue("unit"), grid.RoleBuildingHead
	if unit != "" {
		role = grid.RoleUnitHead
	}
	err = u.inTx(r, func(tx *store.Tx) error {
		return grid.AppointBuilding(ctx, tx, u.editor(r, p), r.PathValue("code"), unit, target.ID, role, r.FormValue("duty"))
	})
	if err != nil {
		u.buildingRefused(w, r, p, err, "staff", roomForm{})
		return
	}
	u.buildingBack(w, r, "houses.done.appointed")
}

func (u *UI) buildingDismiss(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	id, _ := strconv.ParseInt(r.PathValue("user"), 10, 64)
	err := u.inTx(r, func(tx *store.Tx) error {
		return grid.DismissBuilding(ctx, tx, u.editor(r, p), r.PathValue("code"), r.FormValue("unit"), id)
	})
	if err != nil {
		u.buildingRefused(w, r, p, err, "staff", roomForm{})
		return
	}
	u.buildingBack(w, r, "houses.done.dismissed")
}

// buildingAddRoom registers a 户室 and its house in one step.
func (u *UI) buildingAddRoom(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	f := roomForm{Unit: r.FormValue("unit"), Room: r.FormValue("room"), Road: r.FormValue("road"), Door: r.FormValue("door"),
		Use: r.FormValue("use"), Area: r.FormValue("area"), Tenants: r.FormValue("tenants"),
		LeaseStart: r.FormValue("lease_start"), LeaseEnd: r.FormValue("lease_end")}
	area, err := address.ParseArea(f.Area)
	if err != nil {
		u.buildingRefused(w, r, p, err, "room", f)
		return
	}
	tenants, err := strconv.Atoi(strings.TrimSpace(f.Tenants))
	if strings.TrimSpace(f.Tenants) == "" {
		tenants, err = 0, nil
	}
	if err != nil {
		u.buildingRefused(w, r, p, address.ErrTenancy, "room", f)
		return
	}
	in := address.NewRoom{BuildingCode: r.PathValue("code"), UnitCode: f.Unit, RoomNo: f.Room, Road: f.Road, DoorNo: f.Door,
		House: address.HouseInput{Use: f.Use, AreaDM2: area, TenantCount: tenants, LeaseStart: f.LeaseStart, LeaseEnd: f.LeaseEnd}}
	var h address.House
	err = u.inTx(r, func(tx *store.Tx) error {
		var err error
		h, err = address.RegisterRoom(ctx, tx, u.editor(r, p), u.addressLocator(), in)
		return err
	})
	if err != nil {
		u.buildingRefused(w, r, p, err, "room", f)
		return
	}
	http.Redirect(w, r, "/houses/"+strconv.FormatInt(h.ID, 10)+"?done=houses.done.room", http.StatusSeeOther)
}

// addressLocator is the grid locator for address checks, or none.
func (u *UI) addressLocator() address.Locator {
	if u.o.Locator == nil {
		return nil
	}
	return u.o.Locator
}
