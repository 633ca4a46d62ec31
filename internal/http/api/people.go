package api

import (
	"net/http"
	"strconv"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/people"
)

type personJSON struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	DocType       string `json:"doc_type"`
	IDNumber      string `json:"id_number"`
	Phone         string `json:"phone,omitempty"`
	Sex           string `json:"sex,omitempty"`
	BirthYear     int    `json:"birth_year,omitempty"`
	Hukou         string `json:"hukou"`
	Residence     string `json:"residence"`
	Separated     bool   `json:"separated"`
	HouseID       int64  `json:"house_id,omitempty"`
	Address       string `json:"address,omitempty"`
	BuildingCode  string `json:"building_code,omitempty"`
	GridCode      string `json:"grid_code"`
	CommunityCode string `json:"community_code"`
	MovedIn       string `json:"moved_in,omitempty"`
	MovedOut      string `json:"moved_out,omitempty"`
	Deceased      string `json:"deceased,omitempty"`
	HouseholdID   int64  `json:"household_id,omitempty"`
	Relation      string `json:"relation,omitempty"`
	Version       int    `json:"version"`
	Masked        bool   `json:"masked"`
}

func toPersonJSON(p people.Person) personJSON {
	return personJSON{ID: p.ID, Name: p.Name, DocType: p.DocType, IDNumber: p.DocNumber, Phone: p.Phone, Sex: p.Sex, BirthYear: p.BirthYear,
		Hukou: p.Hukou, Residence: p.Residence, Separated: p.Separated, HouseID: p.HouseID, Address: p.HouseText, BuildingCode: p.BuildingCode,
		GridCode: p.GridCode, CommunityCode: p.CommunityCode, MovedIn: p.MovedIn, MovedOut: p.MovedOut, Deceased: p.Deceased,
		HouseholdID: p.HouseholdID, Relation: p.Relation, Version: p.Version, Masked: !p.Revealed}
}

type personRequest struct {
	Version   int    `json:"version"`
	Name      string `json:"name"`
	DocType   string `json:"doc_type"`
	IDNumber  string `json:"id_number"`
	Phone     string `json:"phone"`
	HouseID   int64  `json:"house_id"`
	GridCode  string `json:"grid_code"`
	Hukou     string `json:"hukou"`
	Residence string `json:"residence"`
	Separated bool   `json:"separated"`
	MovedIn   string `json:"moved_in"`
	MovedOut  string `json:"moved_out"`
}

func (req personRequest) input() people.Input {
	return people.Input{Name: req.Name, DocType: req.DocType, DocNumber: req.IDNumber, Phone: req.Phone, HouseID: req.HouseID,
		GridCode: req.GridCode, Hukou: req.Hukou, Residence: req.Residence, Separated: req.Separated, MovedIn: req.MovedIn, MovedOut: req.MovedOut}
}

// peopleActor is the caller as the people register sees them.
func (a *API) peopleActor(w http.ResponseWriter, r *http.Request, p *httpx.Principal) (people.Actor, bool) {
	act, err := people.ActorFor(r.Context(), a.DB, p.User, p.Scope, httpx.ClientIP(r))
	if err != nil {
		fail(w, r, err)
		return people.Actor{}, false
	}
	return act, true
}

func (a *API) createPerson(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req personRequest
	if !decodeBody(w, r, &req) {
		return
	}
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	per, err := a.People.Create(r.Context(), act, req.input())
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/people/"+strconv.FormatInt(per.ID, 10))
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"id": per.ID, "person": toPersonJSON(per)})
}

func (a *API) getPerson(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	per, err := a.People.Get(r.Context(), act, id)
	reply(w, r, http.StatusOK, map[string]any{"person": toPersonJSON(per)}, err)
}

func (a *API) updatePerson(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req personRequest
	if !decodeBody(w, r, &req) {
		return
	}
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	per, err := a.People.Update(r.Context(), act, id, req.Version, req.input())
	reply(w, r, http.StatusOK, map[string]any{"person": toPersonJSON(per)}, err)
}

func (a *API) revealPerson(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
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
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	per, err := a.People.Reveal(r.Context(), act, id, req.Purpose)
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"person": toPersonJSON(per)})
}

// listPeople searches with q (name, document number or phone) or lists by
// building_code / house_id / residence.
func (a *API) listPeople(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	limit, offset, err := paging(r, 100, people.MaxList)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	q := r.URL.Query()
	var ps []people.Person
	out := map[string]any{"limit": limit, "offset": offset}
	if s := q.Get("q"); s != "" {
		res, err := a.People.Search(r.Context(), act, s, limit)
		if err != nil {
			fail(w, r, err)
			return
		}
		ps = res.People
		out["by"] = res.By
		if res.TooWide {
			out["too_wide"] = true
		}
		if res.More {
			out["more"] = true
		}
	} else {
		houseID, _ := strconv.ParseInt(q.Get("house_id"), 10, 64)
		ps, err = a.People.List(r.Context(), act, people.Filter{Under: q.Get("under"), BuildingCode: q.Get("building_code"), HouseID: houseID,
			Residence: q.Get("residence"), Current: q.Get("current") != "false"}, limit, offset)
		if err != nil {
			fail(w, r, err)
			return
		}
	}
	list := make([]personJSON, 0, len(ps))
	for _, per := range ps {
		list = append(list, toPersonJSON(per))
	}
	out["people"] = list
	httpx.WriteJSON(w, http.StatusOK, out)
}

func (a *API) peopleCounts(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	cs, err := a.People.Counts(r.Context(), act, r.URL.Query().Get("under"))
	if err != nil {
		fail(w, r, err)
		return
	}
	type countJSON struct {
		GridCode  string `json:"grid_code"`
		People    int    `json:"people"`
		Floating  int    `json:"floating"`
		Abroad    int    `json:"abroad"`
		Separated int    `json:"separated"`
		Houses    int    `json:"houses"`
	}
	out := make([]countJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, countJSON(c))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"counts": out})
}

type householdJSON struct {
	ID      int64        `json:"id"`
	HouseID int64        `json:"house_id,omitempty"`
	Members []personJSON `json:"members"`
}

func toHouseholdJSON(h people.Household) householdJSON {
	out := householdJSON{ID: h.ID, HouseID: h.HouseID, Members: []personJSON{}}
	for _, m := range h.Members {
		out.Members = append(out.Members, toPersonJSON(m))
	}
	return out
}

func (a *API) createHousehold(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Members []struct {
			PersonID int64  `json:"person_id"`
			Relation string `json:"relation"`
		} `json:"members"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	var ms []people.Member
	for _, m := range req.Members {
		ms = append(ms, people.Member{PersonID: m.PersonID, Relation: m.Relation})
	}
	h, err := a.People.CreateHousehold(r.Context(), act, ms)
	reply(w, r, http.StatusCreated, map[string]any{"id": h.ID, "household": toHouseholdJSON(h)}, err)
}

func (a *API) getHousehold(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	h, err := a.People.Household(r.Context(), act, id)
	reply(w, r, http.StatusOK, map[string]any{"household": toHouseholdJSON(h)}, err)
}

type ownerJSON struct {
	PersonID int64  `json:"person_id"`
	Share    string `json:"share,omitempty"` // percent, e.g. "50.00"; "" when not recorded
}

func (a *API) setHouseOwners(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Owners []struct {
			PersonID int64   `json:"person_id"`
			SharePct float64 `json:"share"`
		} `json:"owners"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	var os []people.Owner
	for _, o := range req.Owners {
		os = append(os, people.Owner{PersonID: o.PersonID, ShareBP: int(o.SharePct*100 + 0.5)})
	}
	if err := a.People.SetOwners(r.Context(), act, id, os); err != nil {
		fail(w, r, err)
		return
	}
	a.houseOwners(w, r, p)
}

func (a *API) houseOwners(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	os, err := a.People.Owners(r.Context(), act, id)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]ownerJSON, 0, len(os))
	for _, o := range os {
		j := ownerJSON{PersonID: o.PersonID}
		if o.ShareBP > 0 {
			j.Share = strconv.FormatFloat(float64(o.ShareBP)/100, 'f', 2, 64)
		}
		out = append(out, j)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"owners": out})
}

type changeJSON struct {
	ID           int64  `json:"id"`
	Kind         string `json:"kind"`
	HouseID      int64  `json:"house_id"`
	Address      string `json:"address"`
	BuildingCode string `json:"building_code"`
	GridCode     string `json:"grid_code"`
	PersonID     int64  `json:"person_id,omitempty"`
	Date         string `json:"date"`
	Summary      string `json:"summary"`
	Note         string `json:"note,omitempty"`
	Status       string `json:"status"`
	Reason       string `json:"reason,omitempty"`
	ReportedAt   string `json:"reported_at"`
	Version      int    `json:"version"`
}

func toChangeJSON(c people.Change) changeJSON {
	return changeJSON{ID: c.ID, Kind: c.Kind, HouseID: c.HouseID, Address: c.HouseText, BuildingCode: c.BuildingCode, GridCode: c.GridCode,
		PersonID: c.PersonID, Date: c.Date, Summary: c.Summary, Note: c.Note, Status: c.Status, Reason: c.Reason,
		ReportedAt: c.ReportedAt.UTC().Format("2006-01-02T15:04:05Z"), Version: c.Version}
}

func (a *API) reportChange(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Kind        string        `json:"kind"`
		HouseID     int64         `json:"house_id"`
		PersonID    int64         `json:"person_id"`
		Date        string        `json:"date"`
		Person      personRequest `json:"person"`
		Use         string        `json:"use"`
		TenantCount int           `json:"tenant_count"`
		LeaseStart  string        `json:"lease_start"`
		LeaseEnd    string        `json:"lease_end"`
		Note        string        `json:"note"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	c, err := a.People.ReportChange(r.Context(), act, people.ChangeInput{Kind: req.Kind, HouseID: req.HouseID, PersonID: req.PersonID,
		Date: req.Date, Person: req.Person.input(), Use: req.Use, TenantCount: req.TenantCount, LeaseStart: req.LeaseStart,
		LeaseEnd: req.LeaseEnd, Note: req.Note})
	reply(w, r, http.StatusCreated, map[string]any{"id": c.ID, "change": toChangeJSON(c)}, err)
}

func (a *API) listChanges(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	act, ok := a.peopleActor(w, r, p)
	if !ok {
		return
	}
	cs, err := a.People.ListChanges(r.Context(), act, r.URL.Query().Get("status"), 200)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]changeJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, toChangeJSON(c))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"changes": out})
}

func (a *API) decideChange(confirm bool) func(http.ResponseWriter, *http.Request, *httpx.Principal) {
	return func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
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
		act, ok := a.peopleActor(w, r, p)
		if !ok {
			return
		}
		var c people.Change
		var err error
		if confirm {
			c, err = a.People.ConfirmChange(r.Context(), act, id, req.Version)
		} else {
			c, err = a.People.RejectChange(r.Context(), act, id, req.Version, req.Reason)
		}
		if err != nil {
			fail(w, r, err)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"change": toChangeJSON(c)})
	}
}
