package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/property"
	"civicgrid/internal/zone"
)

// 物业 and 业委会 (docs/design.md §18): one page with the companies and
// their scores, who serves which 小区, the owners' committees, and the
// forms for those who keep them.

func (u *UI) registerProperty(mux *http.ServeMux) {
	if u.o.Life == nil || u.o.Life.Property == nil {
		return
	}
	mux.HandleFunc("GET /property", u.signedIn(u.propertyPage))
	mux.HandleFunc("POST /property/{form}", u.signedIn(u.propertyPost))
}

func propertyActorOf(r *http.Request, p *httpx.Principal) property.Actor {
	return property.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

type propertyData struct {
	Keep       bool
	Period     string
	Scores     []propertyScoreRow
	Contracts  []property.Contract
	Committees []propertyCommitteeRow
	Companies  []option
	Estates    []option
	Error      string
	Form       string // the form the error is about
	Done       string
}

type propertyScoreRow struct {
	Name, Contact, Score string
	Estates              int
	Orders, Rated        int64
	Thin                 bool
}

type propertyCommitteeRow struct {
	property.Committee
	MemberText string
}

func (u *UI) propertyPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderProperty(w, r, p, http.StatusOK, "", "", r.URL.Query().Get("done"))
}

func (u *UI) renderProperty(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, form, problem, done string) {
	ctx := r.Context()
	a := propertyActorOf(r, p)
	if !property.MayRead(a.User.Role) {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	pg := u.newPage(w, r, p, "property.title")
	svc := u.o.Life.Property
	to := u.now()
	from := to.AddDate(0, 0, -90)
	d := propertyData{Keep: property.MayKeep(a.User.Role), Error: problem, Form: form,
		Period: from.In(zone.Shanghai()).Format(time.DateOnly) + " — " + to.In(zone.Shanghai()).Format(time.DateOnly)}
	if done != "" {
		d.Done = pg.T("property.done." + done)
	}
	companies, err := svc.Companies(ctx, a)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	contacts := map[int64]string{}
	for _, c := range companies {
		contacts[c.ID] = c.Contact
		d.Companies = append(d.Companies, option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name})
	}
	scores, err := svc.Scores(ctx, a, from, to)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, s := range scores {
		row := propertyScoreRow{Name: s.CompanyName, Contact: contacts[s.CompanyID], Estates: s.Estates, Orders: s.Orders,
			Rated: s.Rated, Thin: s.Thin, Score: "—"}
		if s.Defined {
			row.Score = fmt.Sprintf("%.1f", s.Value)
		}
		d.Scores = append(d.Scores, row)
	}
	if d.Contracts, err = svc.Contracts(ctx, a); err != nil {
		u.fail(w, r, p, err)
		return
	}
	committees, err := svc.Committees(ctx, a)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, c := range committees {
		var names []string
		for _, m := range c.Members {
			names = append(names, m.Name+"（"+pg.T("property.role."+m.Role)+"）")
		}
		sep := "、"
		if pg.Lang == LangEN {
			sep = ", "
		}
		d.Committees = append(d.Committees, propertyCommitteeRow{Committee: c, MemberText: strings.Join(names, sep)})
	}
	if d.Keep {
		estates, err := svc.Estates(ctx, a)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		for _, e := range estates {
			d.Estates = append(d.Estates, option{Value: strconv.FormatInt(e.ID, 10), Label: e.Name})
		}
	}
	pg.D = &d
	u.render(w, r, status, "property", pg)
}

// propertyPost handles the page's forms: company, contract, committee.
func (u *UI) propertyPost(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	a := propertyActorOf(r, p)
	svc := u.o.Life.Property
	form := r.PathValue("form")
	id := func(field string) int64 {
		n, _ := strconv.ParseInt(r.PostFormValue(field), 10, 64)
		return n
	}
	var err error
	switch form {
	case "company":
		_, err = svc.AddCompany(ctx, a, property.CompanyInput{Name: r.PostFormValue("name"), CreditCode: r.PostFormValue("credit_code"),
			ContactName: r.PostFormValue("contact_name"), ContactPhone: r.PostFormValue("contact_phone")})
	case "contract":
		_, err = svc.AddContract(ctx, a, property.ContractInput{CompanyID: id("company_id"), EstateID: id("estate_id"),
			StartsOn: r.PostFormValue("starts_on"), EndsOn: r.PostFormValue("ends_on")})
	case "committee":
		in := property.CommitteeInput{EstateID: id("estate_id"), FiledOn: r.PostFormValue("filed_on"),
			TermStart: r.PostFormValue("term_start"), TermEnd: r.PostFormValue("term_end")}
		// One member per line: 姓名 or 姓名 主任/副主任.
		for _, line := range strings.Split(r.PostFormValue("members"), "\n") {
			fields := strings.Fields(line)
			if len(fields) == 0 {
				continue
			}
			role := "member"
			if len(fields) > 1 {
				role = map[string]string{"主任": "director", "副主任": "deputy", "委员": "member"}[fields[1]]
				if role == "" {
					role = fields[1]
				}
			}
			in.Members = append(in.Members, property.MemberInput{Name: fields[0], Role: role})
		}
		_, err = svc.FileCommittee(ctx, a, in)
	default:
		u.notFound(w, r)
		return
	}
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict, errs.NotFound:
		if err != nil {
			u.renderProperty(w, r, p, http.StatusBadRequest, form, propertyProblem(langOf(w, r), err), "")
			return
		}
	}
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/property?done="+form+"#"+form, http.StatusSeeOther)
}

// propertyProblem is the domain's message in the page's language; a wrong
// credit code (whose own message mixes both languages) gets its sentence.
func propertyProblem(lang Lang, err error) string {
	fallback := lang.T("form.invalid")
	if strings.Contains(err.Error(), "credit_code") {
		fallback = lang.T("property.error.credit")
	}
	return localMessage(lang, err, fallback)
}
