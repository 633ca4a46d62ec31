package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/people"
)

// registerPeople adds the 实有人口 pages: the community's register (list by
// building and house, search, add and edit, reveal with a purpose, confirm
// reported changes) and the 楼长/单元长 phone page to report a change. The
// people package decides who sees and changes what.
func (u *UI) registerPeople(mux *http.ServeMux) {
	mux.HandleFunc("GET /people", u.signedIn(u.peoplePage))
	mux.HandleFunc("POST /people", u.signedIn(u.peopleAdd))
	mux.HandleFunc("GET /people/report", u.signedIn(u.peopleReportPage))
	mux.HandleFunc("POST /people/report", u.signedIn(u.peopleReport))
	mux.HandleFunc("POST /people/changes/{id}/confirm", u.signedIn(u.peopleDecide))
	mux.HandleFunc("POST /people/changes/{id}/reject", u.signedIn(u.peopleDecide))
	mux.HandleFunc("GET /people/{id}", u.signedIn(u.personPage))
	mux.HandleFunc("POST /people/{id}", u.signedIn(u.personEdit))
	mux.HandleFunc("POST /people/{id}/reveal", u.signedIn(u.personReveal))
}

func (u *UI) peopleActor(w http.ResponseWriter, r *http.Request, p *httpx.Principal) (people.Actor, bool) {
	a, err := people.ActorFor(r.Context(), u.o.DB, p.User, p.Scope, httpx.ClientIP(r))
	if err != nil {
		u.fail(w, r, p, err)
		return people.Actor{}, false
	}
	return a, true
}

// fieldProblem is a refused form field in the page's language.
type fieldProblem struct{ Field, Msg string }

// problemOf turns a domain error into a message for the form: a field
// error says which field and what, in the page's language; a conflict or
// stale version gets its own key; anything else is for u.fail.
func problemOf(err error, lang Lang) (fieldProblem, bool) {
	var fe *people.FieldError
	switch {
	case errors.As(err, &fe):
		if lang == LangEN {
			return fieldProblem{fe.Field, fe.En()}, true
		}
		return fieldProblem{fe.Field, fe.Zh()}, true
	case errs.Is(err, errs.Conflict):
		return fieldProblem{"", lang.T("people.err.conflict")}, true
	case errs.Is(err, errs.Stale):
		return fieldProblem{"", lang.T("error.stale")}, true
	}
	return fieldProblem{}, false
}

func options(lang Lang, prefix string, codes []string, selected string) []option {
	var out []option
	for _, c := range codes {
		out = append(out, option{Value: c, Label: lang.T(prefix + c), Selected: c == selected})
	}
	return out
}

type personView struct {
	people.Person
	DocLabel, HukouLabel, ResidenceLabel, RelationLabel, SexLabel string
}

func viewPerson(lang Lang, p people.Person) personView {
	v := personView{Person: p, DocLabel: lang.T("people.doc." + p.DocType), HukouLabel: lang.T("people.hukou." + p.Hukou),
		ResidenceLabel: lang.T("people.res." + p.Residence)}
	if p.Relation != "" {
		v.RelationLabel = lang.T("people.rel." + p.Relation)
	}
	if p.Sex != "" {
		v.SexLabel = lang.T("people.sex." + p.Sex)
	}
	return v
}

type houseGroup struct {
	Address string
	HouseID int64
	People  []personView
}

type personForm struct {
	Name, DocType, IDNumber, Phone, Hukou, Residence, MovedIn, MovedOut string
	HouseID                                                             int64
	Separated                                                           bool
	Problem                                                             fieldProblem
}

type changeView struct {
	people.Change
	KindLabel, StatusLabel, Reported string
}

type peopleData struct {
	Query, Building, By string
	TooWide, Searched   bool
	Groups              []houseGroup
	Total               int
	Buildings, Houses   []option
	CanEdit, CanDecide  bool
	Form                personForm
	DocTypes, Hukous    []option
	Residences          []option
	Pending             []changeView
	DecideError         string
	DecideID            int64
	Done                string
	Counts              []people.Count
	CountsOnly          bool
}

var (
	docCodes       = []string{people.DocResidentID, people.DocPassport, people.DocHKMacao, people.DocTaiwan, people.DocForeignPR}
	hukouCodes     = []string{people.HukouLocal, people.HukouOther}
	residenceCodes = []string{people.ResidentPermanent, people.ResidentFloating, people.ResidentAbroad, people.ResidentLodging}
	changeCodes    = []string{people.ChangeMoveIn, people.ChangeMoveOut, people.ChangeBirth, people.ChangeDeath, people.ChangeTenancy}
)

func (u *UI) peoplePage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q := r.URL.Query()
	u.renderPeople(w, r, p, http.StatusOK, peopleData{Query: strings.TrimSpace(q.Get("q")), Building: q.Get("building"), Done: q.Get("done"),
		Form: personForm{Hukou: people.HukouLocal, Residence: people.ResidentPermanent, DocType: people.DocResidentID}})
}

func (u *UI) renderPeople(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d peopleData) {
	a, ok := u.peopleActor(w, r, p)
	if !ok {
		return
	}
	ctx := r.Context()
	pg := u.newPage(w, r, p, "people.title")
	lang := pg.Lang
	if !people.MaySeeNames(a.Role) {
		if !people.MayCount(a.Role) {
			u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
			return
		}
		cs, err := u.o.People.Counts(ctx, a, "")
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Counts, d.CountsOnly = cs, true
		pg.D = d
		u.render(w, r, status, "people", pg)
		return
	}
	var ps []people.Person
	var err error
	if d.Query != "" {
		var res people.SearchResult
		res, err = u.o.People.Search(ctx, a, d.Query, 200)
		ps, d.By, d.TooWide, d.Searched = res.People, res.By, res.TooWide, true
		var fe *people.FieldError
		if errors.As(err, &fe) {
			err = nil
		}
	} else {
		ps, err = u.o.People.List(ctx, a, people.Filter{BuildingCode: d.Building, Current: true}, people.MaxList, 0)
	}
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d.Total = len(ps)
	for _, per := range ps {
		key := per.HouseText
		if key == "" {
			key = lang.T("people.nohouse")
		}
		if n := len(d.Groups); n == 0 || d.Groups[n-1].Address != key {
			d.Groups = append(d.Groups, houseGroup{Address: key, HouseID: per.HouseID})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.People = append(g.People, viewPerson(lang, per))
	}
	hs, err := address.ListHouses(ctx, u.o.DB, a.Scope, address.HouseFilter{}, address.MaxList, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	seen := map[string]bool{}
	for _, h := range hs {
		if !a.ServesBuilding(h.BuildingCode) {
			continue
		}
		d.Houses = append(d.Houses, option{Value: strconv.FormatInt(h.ID, 10), Label: h.AddressText, Selected: h.ID == d.Form.HouseID})
		if !seen[h.BuildingCode] {
			seen[h.BuildingCode] = true
			label := strings.TrimSuffix(h.AddressText, "")
			if i := strings.LastIndex(label, "栋"); i > 0 {
				label = label[:i+len("栋")]
			}
			d.Buildings = append(d.Buildings, option{Value: h.BuildingCode, Label: label, Selected: h.BuildingCode == d.Building})
		}
	}
	d.CanEdit, d.CanDecide = people.MayEdit(a.Role), people.MayDecide(a.Role)
	d.DocTypes = options(lang, "people.doc.", docCodes, d.Form.DocType)
	d.Hukous = options(lang, "people.hukou.", hukouCodes, d.Form.Hukou)
	d.Residences = options(lang, "people.res.", residenceCodes, d.Form.Residence)
	if d.CanDecide {
		cs, err := u.o.People.ListChanges(ctx, a, people.ChangePending, 100)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Pending = viewChanges(lang, cs)
	}
	pg.D = d
	u.render(w, r, status, "people", pg)
}

func viewChanges(lang Lang, cs []people.Change) []changeView {
	loc := shanghaiLocation()
	var out []changeView
	for _, c := range cs {
		v := changeView{Change: c, KindLabel: lang.T("people.change." + c.Kind), StatusLabel: lang.T("people.status." + c.Status),
			Reported: c.ReportedAt.In(loc).Format("2006-01-02 15:04")}
		if lang == LangEN {
			v.Summary = v.KindLabel // the summary is written in Chinese
		}
		out = append(out, v)
	}
	return out
}

func personFormOf(r *http.Request) personForm {
	houseID, _ := strconv.ParseInt(r.PostFormValue("house_id"), 10, 64)
	return personForm{Name: r.PostFormValue("name"), DocType: r.PostFormValue("doc_type"), IDNumber: r.PostFormValue("id_number"),
		Phone: r.PostFormValue("phone"), Hukou: r.PostFormValue("hukou"), Residence: r.PostFormValue("residence"),
		MovedIn: r.PostFormValue("moved_in"), MovedOut: r.PostFormValue("moved_out"), HouseID: houseID, Separated: r.PostFormValue("separated") == "1"}
}

func (u *UI) peopleAdd(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	a, ok := u.peopleActor(w, r, p)
	if !ok {
		return
	}
	f := personFormOf(r)
	per, err := u.o.People.Create(r.Context(), a, people.Input{Name: f.Name, DocType: f.DocType, DocNumber: f.IDNumber, Phone: f.Phone,
		HouseID: f.HouseID, Hukou: f.Hukou, Residence: f.Residence, Separated: f.Separated, MovedIn: f.MovedIn})
	if err == nil {
		http.Redirect(w, r, "/people?done=added&q="+url.QueryEscape(strconv.FormatInt(per.ID, 10))+"#p-"+strconv.FormatInt(per.ID, 10), http.StatusSeeOther)
		return
	}
	prob, ok := problemOf(err, langOf(w, r))
	if !ok {
		u.fail(w, r, p, err)
		return
	}
	f.Problem = prob
	status := http.StatusBadRequest
	if prob.Field == "" {
		status = http.StatusConflict
	}
	u.renderPeople(w, r, p, status, peopleData{Form: f})
}

func (u *UI) peopleDecide(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	a, ok := u.peopleActor(w, r, p)
	if !ok {
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	done := "confirmed"
	if strings.HasSuffix(r.URL.Path, "/reject") {
		done = "rejected"
		_, err = u.o.People.RejectChange(r.Context(), a, id, version, r.PostFormValue("reason"))
	} else {
		_, err = u.o.People.ConfirmChange(r.Context(), a, id, version)
	}
	if err == nil {
		http.Redirect(w, r, "/people?done="+done+"#changes", http.StatusSeeOther)
		return
	}
	lang := langOf(w, r)
	prob, ok := problemOf(err, lang)
	if !ok {
		u.fail(w, r, p, err)
		return
	}
	u.renderPeople(w, r, p, http.StatusBadRequest, peopleData{DecideID: id, DecideError: prob.Msg,
		Form: personForm{Hukou: people.HukouLocal, Residence: people.ResidentPermanent, DocType: people.DocResidentID}})
}

type personPageData struct {
	P                  personView
	Form               personForm
	Houses             []option
	Hukous, Residences []option
	CanEdit, CanReveal bool
	Revealed           bool
	RevealError        string
	Saved              bool
}

func (u *UI) personPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderPerson(w, r, p, http.StatusOK, personPageData{Saved: r.URL.Query().Get("saved") == "1"}, nil)
}

func (u *UI) renderPerson(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d personPageData, shown *people.Person) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	a, ok := u.peopleActor(w, r, p)
	if !ok {
		return
	}
	ctx := r.Context()
	per := people.Person{}
	if shown != nil {
		per = *shown
	} else if per, err = u.o.People.Get(ctx, a, id); err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "people.person.title")
	lang := pg.Lang
	d.P, d.Revealed = viewPerson(lang, per), per.Revealed
	d.CanEdit, d.CanReveal = people.MayEdit(a.Role), people.MayReveal(a.Role) && !per.Revealed
	if d.Form.Hukou == "" {
		d.Form = personForm{HouseID: per.HouseID, Hukou: per.Hukou, Residence: per.Residence, Separated: per.Separated,
			MovedIn: per.MovedIn, MovedOut: per.MovedOut, Problem: d.Form.Problem}
	}
	if d.CanEdit {
		hs, err := address.ListHouses(ctx, u.o.DB, a.Scope, address.HouseFilter{}, address.MaxList, 0)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		for _, h := range hs {
			d.Houses = append(d.Houses, option{Value: strconv.FormatInt(h.ID, 10), Label: h.AddressText, Selected: h.ID == d.Form.HouseID})
		}
	}
	d.Hukous = options(lang, "people.hukou.", hukouCodes, d.Form.Hukou)
	d.Residences = options(lang, "people.res.", residenceCodes, d.Form.Residence)
	pg.D = d
	if per.Revealed {
		w.Header().Set("Cache-Control", "no-store")
	}
	u.render(w, r, status, "person", pg)
}

func (u *UI) personEdit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	a, ok := u.peopleActor(w, r, p)
	if !ok {
		return
	}
	f := personFormOf(r)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	_, err = u.o.People.UpdateDetails(r.Context(), a, id, version, people.Details{HouseID: f.HouseID, Hukou: f.Hukou, Residence: f.Residence,
		Separated: f.Separated, MovedIn: f.MovedIn, MovedOut: f.MovedOut})
	if err == nil {
		http.Redirect(w, r, "/people/"+strconv.FormatInt(id, 10)+"?saved=1", http.StatusSeeOther)
		return
	}
	prob, ok := problemOf(err, langOf(w, r))
	if !ok {
		u.fail(w, r, p, err)
		return
	}
	f.Problem = prob
	u.renderPerson(w, r, p, http.StatusBadRequest, personPageData{Form: f}, nil)
}

func (u *UI) personReveal(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	a, ok := u.peopleActor(w, r, p)
	if !ok {
		return
	}
	per, err := u.o.People.Reveal(r.Context(), a, id, r.PostFormValue("purpose"))
	if err != nil {
		prob, ok := problemOf(err, langOf(w, r))
		if !ok {
			u.fail(w, r, p, err)
			return
		}
		u.renderPerson(w, r, p, http.StatusBadRequest, personPageData{RevealError: prob.Msg}, nil)
		return
	}
	u.renderPerson(w, r, p, http.StatusOK, personPageData{}, &per)
}

// The 楼长/单元长 phone page.

type reportForm struct {
	Kind, Date, Note, Use, LeaseStart, LeaseEnd string
	HouseID, PersonID                           int64
	TenantCount                                 int
	Person                                      personForm
	Problem                                     fieldProblem
}

type peopleReportData struct {
	Form                         reportForm
	Kinds, Houses, Uses          []option
	Residents                    []option
	DocTypes, Hukous, Residences []option
	Mine                         []changeView
	Sent                         bool
}

func (u *UI) peopleReportPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderPeopleReport(w, r, p, http.StatusOK, peopleReportData{Sent: r.URL.Query().Get("sent") == "1",
		Form: reportForm{Kind: people.ChangeMoveIn, Person: personForm{DocType: people.DocResidentID, Hukou: people.HukouLocal, Residence: people.ResidentPermanent}}})
}

func (u *UI) renderPeopleReport(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d peopleReportData) {
	a, ok := u.peopleActor(w, r, p)
	if !ok {
		return
	}
	if !people.MayReport(a.Role) {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	ctx := r.Context()
	pg := u.newPage(w, r, p, "people.report.title")
	lang := pg.Lang
	hs, err := address.ListHouses(ctx, u.o.DB, a.Scope, address.HouseFilter{}, address.MaxList, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, h := range hs {
		if !a.ServesBuilding(h.BuildingCode) {
			continue
		}
		d.Houses = append(d.Houses, option{Value: strconv.FormatInt(h.ID, 10), Label: h.AddressText, Selected: h.ID == d.Form.HouseID})
	}
	ps, err := u.o.People.List(ctx, a, people.Filter{Current: true}, people.MaxList, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, per := range ps {
		d.Residents = append(d.Residents, option{Value: strconv.FormatInt(per.ID, 10), Label: per.Name + " · " + per.HouseText, Selected: per.ID == d.Form.PersonID})
	}
	d.Kinds = options(lang, "people.change.", changeCodes, d.Form.Kind)
	var useCodes []string
	for _, l := range address.UseLabels {
		useCodes = append(useCodes, l.Code)
	}
	d.Uses = options(lang, "people.use.", useCodes, d.Form.Use)
	d.DocTypes = options(lang, "people.doc.", docCodes, d.Form.Person.DocType)
	d.Hukous = options(lang, "people.hukou.", hukouCodes, d.Form.Person.Hukou)
	d.Residences = options(lang, "people.res.", residenceCodes, d.Form.Person.Residence)
	mine, err := u.o.People.ListChanges(ctx, a, "", 20)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, c := range viewChanges(lang, mine) {
		if c.ReportedBy == a.UserID {
			d.Mine = append(d.Mine, c)
		}
	}
	pg.D = d
	u.render(w, r, status, "people_report", pg)
}

func (u *UI) peopleReport(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	a, ok := u.peopleActor(w, r, p)
	if !ok {
		return
	}
	houseID, _ := strconv.ParseInt(r.PostFormValue("house_id"), 10, 64)
	personID, _ := strconv.ParseInt(r.PostFormValue("person_id"), 10, 64)
	tenants, _ := strconv.Atoi(r.PostFormValue("tenant_count"))
	f := reportForm{Kind: r.PostFormValue("kind"), Date: r.PostFormValue("date"), Note: r.PostFormValue("note"), Use: r.PostFormValue("use"),
		LeaseStart: r.PostFormValue("lease_start"), LeaseEnd: r.PostFormValue("lease_end"), HouseID: houseID, PersonID: personID,
		TenantCount: tenants, Person: personFormOf(r)}
	_, err := u.o.People.ReportChange(r.Context(), a, people.ChangeInput{Kind: f.Kind, HouseID: houseID, PersonID: personID, Date: f.Date,
		Note: f.Note, Use: f.Use, TenantCount: tenants, LeaseStart: f.LeaseStart, LeaseEnd: f.LeaseEnd,
		Person: people.Input{Name: f.Person.Name, DocType: f.Person.DocType, DocNumber: f.Person.IDNumber, Phone: f.Person.Phone,
			Hukou: f.Person.Hukou, Residence: f.Person.Residence}})
	if err == nil {
		http.Redirect(w, r, "/people/report?sent=1", http.StatusSeeOther)
		return
	}
	prob, ok := problemOf(err, langOf(w, r))
	if !ok {
		u.fail(w, r, p, err)
		return
	}
	f.Problem = prob
	u.renderPeopleReport(w, r, p, http.StatusBadRequest, peopleReportData{Form: f})
}
