package ui

import (
	"net/http"
	"strings"

	"civicgrid/internal/deliberation"
	"civicgrid/internal/http/httpx"
)

type deliberationListData struct {
	Totals      *dlbTotals
	Topics      []dlbTopicRow
	Meetings    []dlbMeetingRow
	Status      string
	Statuses    []medOption
	MayWork     bool
	Communities []medOption
	Bodies      []medOption
	Form        map[string]string
	FormFor     string // "topic" or "meeting": the form a refusal reopens
	Error, Done string
}

func (u *UI) deliberationList(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderDeliberationList(w, r, p, http.StatusOK, "", "", nil)
}

func (u *UI) renderDeliberationList(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, errMsg, formFor string, form map[string]string) {
	ctx := r.Context()
	if !deliberation.MayRead(p.User.Role) || p.Scope.IsZero() {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	pg := u.newPage(w, r, p, "dlb.title")
	act := deliberationActorOf(r, p)
	d := deliberationListData{Status: r.URL.Query().Get("status"), Statuses: dlbOptions(deliberation.TopicStatuses, pg.Lang),
		MayWork: deliberation.MayWork(p.User.Role), Bodies: dlbOptions(deliberation.Bodies, pg.Lang), Form: form, FormFor: formFor,
		Error: errMsg, Done: dlbDone(r, pg)}
	if _, ok := map[string]bool{deliberation.TopicProposed: true, deliberation.TopicScheduled: true, deliberation.TopicDecided: true,
		deliberation.TopicDeclined: true}[d.Status]; !ok {
		d.Status = ""
	}
	var err error
	if d.Totals, err = u.dlbTotals(ctx, act); err != nil {
		u.fail(w, r, p, err)
		return
	}
	topics, err := u.o.Life.Deliberation.ListTopics(ctx, act, deliberation.TopicFilter{Status: d.Status}, 200, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, t := range topics {
		d.Topics = append(d.Topics, u.dlbTopic(act, t, deliberation.Meeting{}, pg.Lang))
	}
	meetings, err := u.o.Life.Deliberation.ListMeetings(ctx, act, "", 50, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, m := range meetings {
		d.Meetings = append(d.Meetings, dlbMeeting(m, pg.Lang))
	}
	if d.MayWork {
		if d.Communities, err = u.communitiesIn(ctx, p.Scope.RegionPrefix()); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	pg.D = d
	u.render(w, r, status, "deliberation", pg)
}

// deliberationPropose takes a staff topic, or raises one from a work
// order when its number is given.
func (u *UI) deliberationPropose(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := formOf(r, "community_code", "order_number", "title", "description")
	act := deliberationActorOf(r, p)
	in := deliberation.TopicInput{CommunityCode: f["community_code"], Title: f["title"], Description: f["description"]}
	var t deliberation.Topic
	var err error
	if number := strings.TrimSpace(f["order_number"]); number != "" {
		t, err = u.o.Life.Deliberation.TopicFromOrder(r.Context(), act, number, in)
	} else {
		t, err = u.o.Life.Deliberation.Propose(r.Context(), act, in)
	}
	if err != nil {
		u.dlbListRefused(w, r, p, err, "topic", f)
		return
	}
	dlbRedirect(w, r, dlbTopicPath(t.ID), "dlb.done.propose")
}

// deliberationCall calls a meeting.
func (u *UI) deliberationCall(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := formOf(r, "community_code", "body", "title", "place", "starts_at")
	m, err := u.o.Life.Deliberation.CreateMeeting(r.Context(), deliberationActorOf(r, p), deliberation.MeetingInput{
		CommunityCode: f["community_code"], Body: f["body"], Title: f["title"], Place: f["place"], StartsAt: dlbStartsAt(f["starts_at"])})
	if err != nil {
		u.dlbListRefused(w, r, p, err, "meeting", f)
		return
	}
	dlbRedirect(w, r, dlbMeetingPath(m.ID), "dlb.done.meeting")
}

func (u *UI) dlbListRefused(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error, formFor string, f map[string]string) {
	status := statusOfKind(err)
	if status == http.StatusInternalServerError {
		u.fail(w, r, p, err)
		return
	}
	u.renderDeliberationList(w, r, p, status, lifeMessage(err, langOf(w, r)), formFor, f)
}
