package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/store"
)

// registerHouses adds the pages a community keeps its structure with:
// /houses (its 小区, grids with their 网格长/网格员, and buildings),
// /buildings/{code} (units, 楼长/单元长, rooms and houses) and /houses/{id}
// (use, area, tenancy, owners and households). The grid, address and
// people packages decide who may change what; the pages parse and show.
func (u *UI) registerHouses(mux *http.ServeMux) {
	mux.HandleFunc("GET /houses", u.signedIn(u.housesPage))
	mux.HandleFunc("POST /estates", u.signedIn(u.estateAdd))
	mux.HandleFunc("POST /estates/{id}/rename", u.signedIn(u.estateRename))
	mux.HandleFunc("POST /estates/{id}/retire", u.signedIn(u.estateRetire))
	mux.HandleFunc("POST /grids/{code}/staff", u.signedIn(u.gridPostAppoint))
	mux.HandleFunc("POST /grids/{code}/staff/{user}/remove", u.signedIn(u.gridPostDismiss))
	mux.HandleFunc("POST /buildings", u.signedIn(u.buildingAdd))
	mux.HandleFunc("POST /addresses", u.signedIn(u.doorAdd))
	mux.HandleFunc("POST /addresses/{id}/retire", u.signedIn(u.doorRetire))
	mux.HandleFunc("POST /addresses/{id}", u.signedIn(u.doorRename))
	u.registerBuildingPages(mux)
	u.registerHousePages(mux)
}

type estateView struct {
	address.Estate
}

type buildingRow struct {
	grid.Building
	EstateName     string
	Houses, Rented int
}

type gridBlock struct {
	Code, Name string
	Staff      []grid.Member
	Buildings  []buildingRow
	Doors      []address.Address // door plates (门牌), the first maxDoors
}

// maxDoors bounds the door plates listed per grid on the overview.
const maxDoors = 200

type housesData struct {
	Under       string // the community (or grid) shown
	Community   string
	Communities []option // when the scope is wider than one community
	Estates     []address.Estate
	EstateOpts  []option
	Grids       []gridBlock
	GridOpts    []option
	MayEdit     bool
	MayStaff    bool
	Done, Error string
	ErrorForm   string // which form the error belongs to
}

// housesScope is the community or grid the page shows: the caller's own
// node when it is one, else the ?under= community chosen.
func housesUnder(r *http.Request, p *httpx.Principal) string {
	if prefix := p.Scope.RegionPrefix(); len(prefix) >= 12 {
		return prefix
	}
	return r.FormValue("under")
}

func (u *UI) housesGuard(w http.ResponseWriter, r *http.Request, p *httpx.Principal) bool {
	if p.Scope.IsZero() || p.Scope.RegionPrefix() == "" || !grid.MayEditRegister(p.User.Role) {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return false
	}
	return true
}

func (u *UI) housesPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderHouses(w, r, p, http.StatusOK, "", "")
}

func (u *UI) renderHouses(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, errMsg, errForm string) {
	if !u.housesGuard(w, r, p) {
		return
	}
	ctx := r.Context()
	under := housesUnder(r, p)
	if under != "" && (!p.Scope.CoversRegion(under) || len(under) < 12) {
		u.notFound(w, r)
		return
	}
	pg := u.newPage(w, r, p, "houses.title")
	d := housesData{Under: under, MayEdit: grid.MayEditRegister(p.User.Role), MayStaff: grid.MayStaff(p.User.Role),
		Error: errMsg, ErrorForm: errForm}
	if done := r.URL.Query().Get("done"); strings.HasPrefix(done, "houses.done.") {
		d.Done = done
	}
	if under == "" {
		pl, err := u.loadPlaces(ctx, p.Scope, p.Scope.RegionPrefix())
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		for _, o := range pl.Regions {
			if len(o.Value) == 12 {
				d.Communities = append(d.Communities, option{Value: o.Value, Label: strings.TrimSpace(strings.ReplaceAll(o.Label, "\u00a0", ""))})
			}
		}
		pg.D = d
		u.render(w, r, status, "houses", pg)
		return
	}
	d.Community = under[:12]
	if p.Scope.CoversRegion(d.Community) {
		es, err := address.ListEstates(ctx, u.o.DB, p.Scope, d.Community)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Estates = es
	}
	estateNames := map[int64]string{}
	for _, e := range d.Estates {
		estateNames[e.ID] = e.Name
		d.EstateOpts = append(d.EstateOpts, option{Value: strconv.FormatInt(e.ID, 10), Label: e.Name})
	}
	counts, err := address.HouseCounts(ctx, u.o.DB, p.Scope, under)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	gs, err := gridsUnder(r, u, under)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, g := range gs {
		blk := gridBlock{Code: g.Code, Name: g.Name}
		if blk.Staff, err = grid.Members(ctx, u.o.DB, g.Code); err != nil {
			u.fail(w, r, p, err)
			return
		}
		bs, err := grid.ListBuildings(ctx, u.o.DB, g.Code)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		for _, b := range bs {
			c := counts[b.Code]
			blk.Buildings = append(blk.Buildings, buildingRow{Building: b, EstateName: estateNames[b.EstateID], Houses: c.Houses, Rented: c.Rented})
		}
		if blk.Doors, err = address.List(ctx, u.o.DB, p.Scope, address.Filter{Under: g.Code, Level: address.LevelDoor}, maxDoors, 0); err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Grids = append(d.Grids, blk)
		d.GridOpts = append(d.GridOpts, option{Value: g.Code, Label: g.Name})
	}
	pg.D = d
	u.render(w, r, status, "houses", pg)
}

// gridsUnder lists the grids of a community, or the one grid a grid
// worker keeps.
func gridsUnder(r *http.Request, u *UI, under string) ([]grid.Grid, error) {
	if len(under) == 15 {
		g, err := grid.Get(r.Context(), u.o.DB, under)
		if err != nil {
			return nil, err
		}
		return []grid.Grid{g}, nil
	}
	return grid.List(r.Context(), u.o.DB, under, 500, 0)
}

// housesBack returns to the overview of the community after a change.
func (u *UI) housesBack(w http.ResponseWriter, r *http.Request, p *httpx.Principal, done string) {
	q := url.Values{"done": {done}}
	if under := r.FormValue("under"); under != "" && len(p.Scope.RegionPrefix()) < 12 {
		q.Set("under", under)
	}
	http.Redirect(w, r, "/houses?"+q.Encode(), http.StatusSeeOther)
}

// housesRefused shows the overview again with the refusal in words.
func (u *UI) housesRefused(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error, form string) {
	status, msg := structureErr(err, langOf(w, r))
	switch status {
	case http.StatusInternalServerError:
		u.fail(w, r, p, err)
	case http.StatusNotFound, http.StatusForbidden:
		u.fail(w, r, p, err)
	default:
		u.renderHouses(w, r, p, status, msg, form)
	}
}

// editor is the signed-in user changing registers, stamped by the
// server's clock.
func (u *UI) editor(r *http.Request, p *httpx.Principal) grid.Editor {
	return grid.EditorOf(p.User, p.Scope, httpx.ClientIP(r)).WithClock(u.now)
}

func formID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(strings.TrimSpace(r.FormValue(name)), 10, 64)
	return id
}

func formVersion(r *http.Request) int {
	v, _ := strconv.Atoi(r.FormValue("version"))
	return v
}

func (u *UI) estateAdd(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	_, err := address.CreateEstate(r.Context(), u.o.DB, u.editor(r, p), r.FormValue("community"), r.FormValue("name"))
	if err != nil {
		u.housesRefused(w, r, p, err, "estate")
		return
	}
	u.housesBack(w, r, p, "houses.done.estate")
}

func (u *UI) estateRename(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if _, err := address.RenameEstate(r.Context(), u.o.DB, u.editor(r, p), id, formVersion(r), r.FormValue("name")); err != nil {
		u.housesRefused(w, r, p, err, "estate")
		return
	}
	u.housesBack(w, r, p, "houses.done.renamed")
}

func (u *UI) estateRetire(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := address.RetireEstate(r.Context(), u.o.DB, u.editor(r, p), id); err != nil {
		u.housesRefused(w, r, p, err, "estate")
		return
	}
	u.housesBack(w, r, p, "houses.done.retired")
}

func (u *UI) buildingAdd(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	b := grid.Building{GridCode: r.FormValue("grid"), Name: r.FormValue("name"), Address: r.FormValue("address"), EstateID: formID(r, "estate")}
	var out grid.Building
	err := u.o.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = grid.CreateBuildingAs(ctx, tx, u.editor(r, p), b)
		return err
	})
	if err != nil {
		u.housesRefused(w, r, p, err, "building")
		return
	}
	http.Redirect(w, r, "/buildings/"+out.Code+"?done=houses.done.building", http.StatusSeeOther)
}

// gridPostAppoint names a 网格长 or 网格员 of a grid by username; the
// community does this from its own page (admins also on /admin/grids).
func (u *UI) gridPostAppoint(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	code := r.PathValue("code")
	target, err := auth.GetUserByUsername(ctx, u.o.DB, strings.TrimSpace(r.FormValue("username")))
	if err != nil {
		u.housesRefused(w, r, p, grid.ErrUserNotFound, "staff-"+code)
		return
	}
	err = u.o.DB.InTx(ctx, func(tx *store.Tx) error {
		return grid.Appoint(ctx, tx, u.editor(r, p), code, target.ID, r.FormValue("role"), r.FormValue("duty"))
	})
	if err != nil {
		u.housesRefused(w, r, p, err, "staff-"+code)
		return
	}
	u.housesBack(w, r, p, "houses.done.appointed")
}

func (u *UI) gridPostDismiss(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	code := r.PathValue("code")
	id, _ := strconv.ParseInt(r.PathValue("user"), 10, 64)
	err := u.o.DB.InTx(ctx, func(tx *store.Tx) error { return grid.Dismiss(ctx, tx, u.editor(r, p), code, id) })
	if err != nil {
		u.housesRefused(w, r, p, err, "staff-"+code)
		return
	}
	u.housesBack(w, r, p, "houses.done.dismissed")
}

// doorAdd registers a door plate (街路巷 + 门牌号) in a grid.
func (u *UI) doorAdd(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	err := u.o.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := address.Create(ctx, tx, u.editor(r, p), u.addressLocator(), address.Input{Road: r.FormValue("road"),
			DoorNo: r.FormValue("door"), GridCode: r.FormValue("grid")})
		return err
	})
	if err != nil {
		u.housesRefused(w, r, p, err, "door")
		return
	}
	u.housesBack(w, r, p, "houses.done.door")
}

// doorRename corrects a door plate's road and number.
func (u *UI) doorRename(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	err := u.o.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := address.RenameDoor(ctx, tx, u.editor(r, p), u.addressLocator(), id, formVersion(r), r.FormValue("road"), r.FormValue("door"))
		return err
	})
	if err != nil {
		u.housesRefused(w, r, p, err, "door")
		return
	}
	u.housesBack(w, r, p, "houses.done.saved")
}

func (u *UI) doorRetire(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := address.Retire(r.Context(), u.o.DB, u.editor(r, p), id, formVersion(r)); err != nil {
		u.housesRefused(w, r, p, err, "door")
		return
	}
	u.housesBack(w, r, p, "houses.done.retired")
}
