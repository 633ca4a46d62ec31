package ui

import (
	"net/http"
	"strconv"

	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/party"
)

// A member's own page (党员服务), opened from the link their community
// gave them, on a phone without an account: their reports, hours, the
// tasks they claimed and the open tasks where they may serve, with a claim
// button. The page shows no one else: claimants are counted, not named.

func (u *UI) registerPartySelf(mux *http.ServeMux) {
	if u.o.Life == nil || u.o.Life.Party == nil {
		return
	}
	mux.HandleFunc("GET /m/party/{token}", u.partySelf)
	mux.HandleFunc("POST /m/party/{token}/claim", u.partySelfClaim)
}

type partySelfData struct {
	Token       string
	Member      party.Member
	Due         []party.Due
	Hours       string
	Tasks, Mine []partyTaskRow
	Error, Done string
}

func (u *UI) partySelf(w http.ResponseWriter, r *http.Request) {
	done := ""
	if r.URL.Query().Get("done") == "claim" {
		done = langOf(w, r).T("party.self.claimed")
	}
	u.renderPartySelf(w, r, http.StatusOK, "", done)
}

func (u *UI) renderPartySelf(w http.ResponseWriter, r *http.Request, status int, problem, done string) {
	self, err := u.o.Life.Party.SelfPage(r.Context(), r.PathValue("token"))
	if errs.KindOf(err) == errs.NotFound {
		u.notFound(w, r)
		return
	}
	p := httpx.PrincipalFrom(r.Context())
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "party.self.title")
	row := func(t party.Task) partyTaskRow {
		return partyTaskRow{Task: t, When: t.StartsAt.In(shanghaiLocation()).Format("01-02 15:04") + " — " + t.EndsAt.In(shanghaiLocation()).Format("15:04"),
			Hours: hoursText(t.Minutes)}
	}
	d := partySelfData{Token: r.PathValue("token"), Member: self.Member, Due: self.Member.DueCommunities(),
		Hours: hoursText(self.Member.Minutes), Error: problem, Done: done}
	for _, t := range self.Tasks {
		d.Tasks = append(d.Tasks, row(t))
	}
	for _, t := range self.Mine {
		d.Mine = append(d.Mine, row(t))
	}
	pg.D = &d
	w.Header().Set("Referrer-Policy", "no-referrer") // the token is in the path
	u.render(w, r, status, "party_self", pg)
}

func (u *UI) partySelfClaim(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	id, _ := strconv.ParseInt(r.PostFormValue("task_id"), 10, 64)
	_, err := u.o.Life.Party.ClaimAsSelf(r.Context(), token, id, httpx.ClientIP(r))
	switch {
	case err == nil:
		http.Redirect(w, r, "/m/party/"+token+"?done=claim", http.StatusSeeOther)
	case errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.Conflict:
		u.renderPartySelf(w, r, statusOfKind(err), lifeMessage(err, langOf(w, r)), "")
	case errs.KindOf(err) == errs.NotFound:
		u.notFound(w, r)
	default:
		u.fail(w, r, httpx.PrincipalFrom(r.Context()), err)
	}
}
