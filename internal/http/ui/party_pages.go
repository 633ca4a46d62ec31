package ui

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/party"
	"civicgrid/internal/wish"
)

// 党建 (docs/design.md §19): one page for community and street staff —
// the measures, organisations, members and their 报到, service tasks and
// who claimed them, wishes members claim, pairs, cadres and reception days
// — with the forms of those who keep them. Phone first: cards, not wide
// tables, where staff work on the go.

func (u *UI) registerParty(mux *http.ServeMux) {
	if u.o.Life == nil || u.o.Life.Party == nil {
		return
	}
	mux.HandleFunc("GET /party", u.signedIn(u.partyPage))
	mux.HandleFunc("POST /party/{form}", u.signedIn(u.partyPost))
}

func partyActorOf(r *http.Request, p *httpx.Principal) party.Actor {
	return party.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

type partyData struct {
	Keep, AssignCadres, KeepUnits, FileMatters bool
	Period                                     string
	Figures, UnitFigures                       []partyFigure
	Total                                      partyFigure
	Orgs                                       []partyOrgRow
	Members                                    []partyMemberRow
	Tasks                                      []partyTaskRow
	Wishes                                     []wish.Wish
	Pairs                                      []party.Pair
	Cadres                                     []party.Cadre
	Receptions                                 []partyReceptionRow
	Communities, OrgOptions, UnitOptions       []medOption
	MemberOptions, WorkingOptions              []medOption
	Kinds, MemberKinds, UnitKinds, SlotKinds   []medOption
	Categories                                 []categoryGroup
	Revealed                                   *party.Member
	Error, Form, Done                          string
}

type partyFigure struct {
	party.Figures
	Rate, Hours string
}

type partyOrgRow struct {
	party.Org
	KindLabel string
}

type partyMemberRow struct {
	party.Member
	KindLabel string
	Due       []party.Due
	Report    []party.Due // the reports this user may record now
	Hours     string
	Reveal    bool
}

type partyTaskRow struct {
	party.Task
	When, Hours string
	Keep, Open  bool
}

type partyReceptionRow struct {
	party.Reception
	When string
	Keep bool
}

func (u *UI) partyPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderParty(w, r, p, http.StatusOK, "", "", r.URL.Query().Get("done"), nil)
}

func hoursText(minutes int) string {
	return strconv.FormatFloat(float64(minutes)/60, 'f', -1, 64)
}

func partyLabels(ls []party.Label, lang Lang) []medOption {
	out := make([]medOption, 0, len(ls))
	for _, l := range ls {
		label := l.Zh
		if lang == LangEN {
			label = l.En
		}
		out = append(out, medOption{l.Code, label})
	}
	return out
}

func partyLabel(ls []party.Label, code string, lang Lang) string {
	for _, o := range partyLabels(ls, lang) {
		if o.Value == code {
			return o.Label
		}
	}
	return code
}

func (u *UI) renderParty(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, form, problem, done string, revealed *party.Member) {
	ctx := r.Context()
	a := partyActorOf(r, p)
	if !party.MayRead(a.User.Role) {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	pg := u.newPage(w, r, p, "party.title")
	svc := u.o.Life.Party
	lang := pg.Lang
	at := func(t time.Time) string { return t.In(shanghaiLocation()).Format("2006-01-02 15:04") }
	to := u.now()
	from := to.AddDate(0, 0, -90)
	d := partyData{Keep: party.MayKeep(a.User.Role), AssignCadres: party.MayAssignCadres(a.User.Role), KeepUnits: party.MayKeepUnits(a.User.Role),
		FileMatters: party.MayFileMatters(a.User.Role), Error: problem, Form: form, Revealed: revealed,
		Period: from.In(shanghaiLocation()).Format(time.DateOnly) + " — " + to.In(shanghaiLocation()).Format(time.DateOnly),
		Kinds:  partyLabels(party.OrgKinds, lang), MemberKinds: partyLabels(party.MemberKinds, lang), UnitKinds: partyLabels(party.UnitKinds, lang),
		SlotKinds: partyLabels(party.Slots, lang)}
	if done != "" {
		d.Done = pg.T("party.done." + done)
	}
	fail := func(err error) bool {
		if err != nil {
			u.fail(w, r, p, err)
		}
		return err != nil
	}
	figure := func(f party.Figures) partyFigure {
		out := partyFigure{Figures: f, Rate: "—", Hours: strconv.FormatFloat(f.Hours(), 'f', 1, 64)}
		if rate, ok := f.Rate(); ok {
			out.Rate = fmt.Sprintf("%.1f%%", rate)
		}
		return out
	}
	m, err := svc.Measures(ctx, a, from, to)
	if fail(err) {
		return
	}
	for _, f := range m.Communities {
		d.Figures = append(d.Figures, figure(f))
		d.Communities = append(d.Communities, medOption{f.Code, f.Name})
	}
	for _, f := range m.Units {
		d.UnitFigures = append(d.UnitFigures, figure(f))
	}
	m.Total.Name = pg.T("party.total")
	d.Total = figure(m.Total)

	orgs, err := svc.Orgs(ctx, a, "")
	if fail(err) {
		return
	}
	for _, o := range orgs {
		d.Orgs = append(d.Orgs, partyOrgRow{Org: o, KindLabel: partyLabel(party.OrgKinds, o.Kind, lang)})
		if o.Kind != party.OrgGroup {
			d.OrgOptions = append(d.OrgOptions, medOption{strconv.FormatInt(o.ID, 10), o.CommunityName + " " + o.Name})
		}
	}
	units, err := svc.Units(ctx, a)
	if fail(err) {
		return
	}
	for _, x := range units {
		d.UnitOptions = append(d.UnitOptions, medOption{strconv.FormatInt(x.ID, 10), x.Name + "（" + x.PairedName + "）"})
	}
	members, err := svc.Members(ctx, a, party.MemberFilter{}, 200, 0)
	if fail(err) {
		return
	}
	for _, mb := range members {
		row := partyMemberRow{Member: mb, KindLabel: partyLabel(party.MemberKinds, mb.Kind, lang), Due: mb.DueCommunities(),
			Hours: hoursText(mb.Minutes), Reveal: slices.Contains(party.Actions(a, mb), party.ActionReveal)}
		for _, due := range row.Due {
			if !due.Reported && d.Keep && a.Scope.CoversRegion(due.Code) {
				row.Report = append(row.Report, due)
			}
		}
		d.Members = append(d.Members, row)
		opt := medOption{strconv.FormatInt(mb.ID, 10), mb.Name + " · " + mb.CommunityName + " · " + row.KindLabel}
		d.MemberOptions = append(d.MemberOptions, opt)
		if mb.Kind == party.MemberWorking {
			d.WorkingOptions = append(d.WorkingOptions, opt)
		}
	}
	tasks, err := svc.Tasks(ctx, a, "")
	if fail(err) {
		return
	}
	now := u.now()
	for _, t := range tasks {
		d.Tasks = append(d.Tasks, partyTaskRow{Task: t, When: at(t.StartsAt) + " — " + t.EndsAt.In(shanghaiLocation()).Format("15:04"),
			Hours: hoursText(t.Minutes), Keep: d.Keep && a.Scope.CoversRegion(t.CommunityCode),
			Open: t.Status == party.TaskOpen && now.Before(t.EndsAt) && t.Claimed < t.Capacity})
	}
	if d.Keep && u.o.Life.Wishes != nil {
		wa := wish.Actor{User: a.User, Scope: a.Scope, IP: a.IP}
		if wish.MayRead(a.User.Role) {
			if d.Wishes, err = u.o.Life.Wishes.List(ctx, wa, "", wish.StatusApproved, 20, 0); fail(err) {
				return
			}
		}
	}
	if d.Pairs, err = svc.Pairs(ctx, a, ""); fail(err) {
		return
	}
	if d.Cadres, err = svc.Cadres(ctx, a, ""); fail(err) {
		return
	}
	recs, err := svc.Receptions(ctx, a, "")
	if fail(err) {
		return
	}
	for _, x := range recs {
		d.Receptions = append(d.Receptions, partyReceptionRow{Reception: x, When: at(x.StartsAt), Keep: d.Keep && a.Scope.CoversRegion(x.CommunityCode)})
	}
	if d.FileMatters {
		cats, err := category.List(ctx, u.o.DB, false)
		if fail(err) {
			return
		}
		d.Categories = categoryGroups(cats, lang, "", pg.T("gw.category.other"))
	}
	pg.D = &d
	u.render(w, r, status, "party", pg)
}

func init() {
	addFuncs(template.FuncMap{
		"partyHours": hoursText,
		"partySlot":  func(code string, lang Lang) string { return partyLabel(party.Slots, code, lang) },
	})
}
