package ui

import (
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/people"
	"civicgrid/internal/store"
)

func (u *UI) registerHousePages(mux *http.ServeMux) {
	mux.HandleFunc("GET /houses/{id}", u.signedIn(u.housePage))
	mux.HandleFunc("POST /houses/{id}", u.signedIn(u.houseEdit))
	mux.HandleFunc("POST /houses/{id}/retire", u.signedIn(u.houseRetire))
	mux.HandleFunc("POST /houses/{id}/owners", u.signedIn(u.houseOwners))
	mux.HandleFunc("POST /houses/{id}/households", u.signedIn(u.houseNewHousehold))
	mux.HandleFunc("POST /houses/{id}/households/{hh}/members", u.signedIn(u.householdAdd))
	mux.HandleFunc("POST /houses/{id}/households/{hh}/members/{person}/remove", u.signedIn(u.householdRemove))
}

// maxFormRows is how many owners or household members one form takes.
const maxFormRows = 6

type ownerRow struct {
	Person string // masked name
	Share  string // percent, "" when not recorded
}

type householdView struct {
	ID      int64
	Members []personView
}

type houseData struct {
	House       address.House
	Area        string
	UseOpts     []option
	Owners      []ownerRow
	Households  []householdView
	Loose       []personView // living here, in no household
	PersonOpts  []option     // people of the building, for owner rows
	LooseOpts   []option     // people here in no household
	RelOpts     []option
	Rows        []int
	SeesPeople  bool
	MayEdit     bool // house register
	MayPeople   bool // owners and households
	Done, Error string
	ErrorForm   string
}

func (u *UI) housePage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderHouse(w, r, p, http.StatusOK, "", "")
}

func houseID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

func (u *UI) renderHouse(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, errMsg, errForm string) {
	if !u.housesGuard(w, r, p) {
		return
	}
	ctx := r.Context()
	h, err := address.GetHouse(ctx, u.o.DB, p.Scope, houseID(r))
	if err != nil || h.Retired {
		u.notFound(w, r)
		return
	}
	pg := u.newPage(w, r, p, "houses.house.title")
	lang := pg.Lang
	d := houseData{House: h, Area: address.FormatArea(h.AreaDM2), UseOpts: options(lang, "people.use.", houseUses, h.Use),
		MayEdit: true, Error: errMsg, ErrorForm: errForm}
	if done := r.URL.Query().Get("done"); strings.HasPrefix(done, "houses.done.") {
		d.Done = done
	}
	for i := range maxFormRows {
		d.Rows = append(d.Rows, i)
	}
	for _, rel := range people.RelationLabels {
		d.RelOpts = append(d.RelOpts, option{Value: rel.Code, Label: lang.T("people.rel." + rel.Code)})
	}
	a, err := people.ActorFor(ctx, u.o.DB, p.User, p.Scope, httpx.ClientIP(r))
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d.SeesPeople, d.MayPeople = people.MaySeeNames(a.Role) && u.o.People != nil, people.MayEdit(a.Role) && u.o.People != nil
	if d.SeesPeople {
		if err := u.loadHousePeople(r, a, lang, &d); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	pg.D = d
	u.render(w, r, status, "house", pg)
}

// loadHousePeople fills the owners (masked), the households living here
// and the people to choose from.
func (u *UI) loadHousePeople(r *http.Request, a people.Actor, lang Lang, d *houseData) error {
	ctx := r.Context()
	owners, err := u.o.People.Owners(ctx, a, d.House.ID)
	if err != nil {
		return err
	}
	for _, o := range owners {
		per, err := u.o.People.Get(ctx, a, o.PersonID)
		name := "—"
		if err == nil {
			name = per.Name
		}
		row := ownerRow{Person: name}
		if o.ShareBP > 0 {
			row.Share = strconv.FormatFloat(float64(o.ShareBP)/100, 'f', -1, 64) + "%"
		}
		d.Owners = append(d.Owners, row)
	}
	here, err := u.o.People.List(ctx, a, people.Filter{HouseID: d.House.ID, Current: true}, people.MaxList, 0)
	if err != nil {
		return err
	}
	byHH := map[int64]int{}
	for _, per := range here {
		v := viewPerson(lang, per)
		if per.HouseholdID == 0 {
			d.Loose = append(d.Loose, v)
			d.LooseOpts = append(d.LooseOpts, option{Value: strconv.FormatInt(per.ID, 10), Label: per.Name + " " + per.DocNumber})
			continue
		}
		i, ok := byHH[per.HouseholdID]
		if !ok {
			i = len(d.Households)
			byHH[per.HouseholdID] = i
			d.Households = append(d.Households, householdView{ID: per.HouseholdID})
		}
		d.Households[i].Members = append(d.Households[i].Members, v)
	}
	// Owners need not live here: anyone of the building (and the people
	// here) may be chosen; the people package checks the scope again.
	inBuilding, err := u.o.People.List(ctx, a, people.Filter{BuildingCode: d.House.BuildingCode, Current: true}, people.MaxList, 0)
	if err != nil {
		return err
	}
	for _, per := range inBuilding {
		d.PersonOpts = append(d.PersonOpts, option{Value: strconv.FormatInt(per.ID, 10), Label: per.Name + " " + per.DocNumber + " · " + per.HouseText})
	}
	return nil
}

func (u *UI) houseBack(w http.ResponseWriter, r *http.Request, done string) {
	http.Redirect(w, r, "/houses/"+r.PathValue("id")+"?done="+done, http.StatusSeeOther)
}

func (u *UI) houseRefused(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error, form string) {
	status, msg := structureErr(err, langOf(w, r))
	if status == http.StatusBadRequest || status == http.StatusConflict {
		u.renderHouse(w, r, p, status, msg, form)
		return
	}
	u.fail(w, r, p, err)
}

func (u *UI) houseEdit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	area, err := address.ParseArea(r.FormValue("area"))
	if err != nil {
		u.houseRefused(w, r, p, err, "house")
		return
	}
	tenants := 0
	if s := strings.TrimSpace(r.FormValue("tenants")); s != "" {
		if tenants, err = strconv.Atoi(s); err != nil {
			u.houseRefused(w, r, p, address.ErrTenancy, "house")
			return
		}
	}
	in := address.HouseInput{Use: r.FormValue("use"), AreaDM2: area, TenantCount: tenants,
		LeaseStart: r.FormValue("lease_start"), LeaseEnd: r.FormValue("lease_end")}
	if _, err := address.UpdateHouse(ctx, u.o.DB, u.editor(r, p), houseID(r), formVersion(r), in); err != nil {
		u.houseRefused(w, r, p, err, "house")
		return
	}
	u.houseBack(w, r, "houses.done.saved")
}

func (u *UI) houseRetire(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	h, err := address.GetHouse(ctx, u.o.DB, p.Scope, houseID(r))
	if err != nil {
		u.notFound(w, r)
		return
	}
	err = u.o.DB.InTx(ctx, func(tx *store.Tx) error { return address.RetireRoom(ctx, tx, u.editor(r, p), h.ID, formVersion(r)) })
	if err != nil {
		u.houseRefused(w, r, p, err, "retire")
		return
	}
	http.Redirect(w, r, "/buildings/"+h.BuildingCode+"?done=houses.done.retired", http.StatusSeeOther)
}

func (u *UI) peopleActorOr404(w http.ResponseWriter, r *http.Request, p *httpx.Principal) (people.Actor, bool) {
	if u.o.People == nil {
		u.notFound(w, r)
		return people.Actor{}, false
	}
	return u.peopleActor(w, r, p)
}

// houseOwners replaces the owners: rows of person and share (percent,
// optional). Empty rows are skipped; no rows clears the owners.
func (u *UI) houseOwners(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	a, ok := u.peopleActorOr404(w, r, p)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		u.houseRefused(w, r, p, err, "owners")
		return
	}
	persons, shares := r.PostForm["owner"], r.PostForm["share"]
	var owners []people.Owner
	for i, v := range persons {
		id, _ := strconv.ParseInt(v, 10, 64)
		if id == 0 {
			continue
		}
		o := people.Owner{PersonID: id}
		if i < len(shares) && strings.TrimSpace(shares[i]) != "" {
			pct, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(shares[i]), "%"), 64)
			if err != nil {
				pct = -1 // the people package refuses it with its own words
			}
			o.ShareBP = int(pct*100 + 0.5)
			if pct < 0 {
				o.ShareBP = -1
			}
		}
		owners = append(owners, o)
	}
	if err := u.o.People.SetOwners(r.Context(), a, houseID(r), owners); err != nil {
		u.houseRefused(w, r, p, err, "owners")
		return
	}
	u.houseBack(w, r, "houses.done.owners")
}

// houseNewHousehold registers a household of people living here: rows of
// person and relation, one of them 户主.
func (u *UI) houseNewHousehold(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	a, ok := u.peopleActorOr404(w, r, p)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		u.houseRefused(w, r, p, err, "household")
		return
	}
	persons, rels := r.PostForm["person"], r.PostForm["relation"]
	var ms []people.Member
	for i, v := range persons {
		id, _ := strconv.ParseInt(v, 10, 64)
		if id == 0 {
			continue
		}
		m := people.Member{PersonID: id}
		if i < len(rels) {
			m.Relation = rels[i]
		}
		ms = append(ms, m)
	}
	if _, err := u.o.People.CreateHousehold(r.Context(), a, ms); err != nil {
		u.houseRefused(w, r, p, err, "household")
		return
	}
	u.houseBack(w, r, "houses.done.household")
}

func (u *UI) householdAdd(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	a, ok := u.peopleActorOr404(w, r, p)
	if !ok {
		return
	}
	hh, _ := strconv.ParseInt(r.PathValue("hh"), 10, 64)
	_, err := u.o.People.AddToHousehold(r.Context(), a, hh, people.Member{PersonID: formID(r, "person"), Relation: r.FormValue("relation")})
	if err != nil {
		u.houseRefused(w, r, p, err, "hh-"+r.PathValue("hh"))
		return
	}
	u.houseBack(w, r, "houses.done.member")
}

func (u *UI) householdRemove(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	a, ok := u.peopleActorOr404(w, r, p)
	if !ok {
		return
	}
	hh, _ := strconv.ParseInt(r.PathValue("hh"), 10, 64)
	person, _ := strconv.ParseInt(r.PathValue("person"), 10, 64)
	if err := u.o.People.RemoveFromHousehold(r.Context(), a, hh, person); err != nil {
		u.houseRefused(w, r, p, err, "hh-"+r.PathValue("hh"))
		return
	}
	u.houseBack(w, r, "houses.done.removed")
}
