package ui

import (
	"net/http"

	"civicgrid/internal/deliberation"
	"civicgrid/internal/http/httpx"
)

type deliberationPublicData struct {
	Community   string
	Communities []medOption
	Meetings    []dlbPublished
	Form        map[string]string
	Error, Done string
}

type dlbPublished struct {
	dlbMeetingRow
	Attendance []dlbCount
	Topics     []dlbTopicRow
}

type dlbCount struct {
	Label string
	N     int
}

// deliberationPublic is a community's 议事公开: the published meetings with
// their decisions and how the tasks stand, and the form residents use to
// propose a topic.
func (u *UI) deliberationPublic(w http.ResponseWriter, r *http.Request) {
	u.renderDeliberationPublic(w, r, http.StatusOK, "", nil)
}

func (u *UI) renderDeliberationPublic(w http.ResponseWriter, r *http.Request, status int, errMsg string, form map[string]string) {
	ctx := r.Context()
	p := httpx.PrincipalFrom(ctx)
	pg := u.newPage(w, r, p, "dlb.public.title")
	d := deliberationPublicData{Community: r.URL.Query().Get("community"), Form: form, Error: errMsg, Done: dlbDone(r, pg)}
	if area, ok := u.area.get(ctx, u.o.DB); ok {
		var err error
		if d.Communities, err = u.communitiesIn(ctx, area.Code); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	ms, err := u.o.Life.Deliberation.PublicMeetings(ctx, d.Community, 30)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	zh := pg.Lang == LangZH
	for _, m := range ms {
		x := dlbPublished{dlbMeetingRow: dlbMeeting(m.Meeting, pg.Lang)}
		for _, c := range m.Attendance {
			x.Attendance = append(x.Attendance, dlbCount{Label: deliberation.Name(deliberation.ParticipantKinds, c.Kind, zh), N: c.N})
		}
		for _, t := range m.Topics {
			x.Topics = append(x.Topics, u.dlbTopic(deliberation.Actor{}, t, m.Meeting, pg.Lang))
		}
		d.Meetings = append(d.Meetings, x)
	}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	pg.D = d
	u.render(w, r, status, "deliberation_public", pg)
}

// deliberationPublicPropose takes a resident's proposal, throttled like
// every public intake.
func (u *UI) deliberationPublicPropose(w http.ResponseWriter, r *http.Request) {
	if msg, limited := u.publicLimited(w, r, "wish.limited"); limited {
		u.renderDeliberationPublic(w, r, http.StatusTooManyRequests, msg, nil)
		return
	}
	f := formOf(r, "community_code", "title", "description", "name", "phone")
	_, err := u.o.Life.Deliberation.Propose(r.Context(), deliberation.Resident(httpx.ClientIP(r)), deliberation.TopicInput{
		CommunityCode: f["community_code"], Title: f["title"], Description: f["description"], Name: f["name"], Phone: f["phone"]})
	if err != nil {
		status := statusOfKind(err)
		if status == http.StatusInternalServerError {
			u.fail(w, r, httpx.PrincipalFrom(r.Context()), err)
			return
		}
		u.renderDeliberationPublic(w, r, status, lifeMessage(err, langOf(w, r)), f)
		return
	}
	dlbRedirect(w, r, "/public/deliberation", "dlb.done.proposed")
}
