package ui

import (
	"net/http"
	"slices"
	"strconv"

	"civicgrid/internal/deliberation"
	"civicgrid/internal/http/httpx"
)

type deliberationMeetingData struct {
	Row          dlbMeetingRow
	Participants []dlbParticipant
	Topics       []dlbTopicRow
	Actions      map[string]bool
	Kinds        []medOption
	Outcomes     []medOption
	Form         map[string]string
	Step         string
	Error, Done  string
}

type dlbParticipant struct {
	deliberation.Participant
	KindLabel string
}

func (u *UI) deliberationMeeting(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	u.renderDeliberationMeeting(w, r, p, http.StatusOK, id, "", "", nil)
}

func (u *UI) renderDeliberationMeeting(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, id int64, errMsg, step string, form map[string]string) {
	ctx, act := r.Context(), deliberationActorOf(r, p)
	m, err := u.o.Life.Deliberation.Meeting(ctx, act, id)
	if err != nil {
		u.refuseDeliberation(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "dlb.meeting.title")
	pg.Title = m.Title
	d := deliberationMeetingData{Row: dlbMeeting(m, pg.Lang), Actions: map[string]bool{}, Kinds: dlbOptions(deliberation.ParticipantKinds, pg.Lang),
		Outcomes: dlbOptions(deliberation.Outcomes, pg.Lang), Form: form, Step: step, Error: errMsg, Done: dlbDone(r, pg)}
	for _, a := range deliberation.MeetingActions(act, m, m.Topics) {
		d.Actions[a] = true
	}
	for _, x := range m.Participants {
		d.Participants = append(d.Participants, dlbParticipant{Participant: x, KindLabel: deliberation.Name(deliberation.ParticipantKinds, x.Kind, pg.Lang == LangZH)})
	}
	for _, t := range m.Topics {
		d.Topics = append(d.Topics, u.dlbTopic(act, t, m, pg.Lang))
	}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	pg.D = d
	u.render(w, r, status, "deliberation_meeting", pg)
}

var dlbMeetingSteps = []string{deliberation.ActionParticipant, deliberation.ActionHold, deliberation.ActionPublish}

// deliberationMeetingStep runs one step of a meeting from its page.
func (u *UI) deliberationMeetingStep(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	step := r.PathValue("step")
	if err != nil || !slices.Contains(dlbMeetingSteps, step) {
		u.notFound(w, r)
		return
	}
	ctx, act, svc := r.Context(), deliberationActorOf(r, p), u.o.Life.Deliberation
	version, _ := strconv.Atoi(r.FormValue("version"))
	f := formOf(r, "kind", "name", "affiliation", "minutes")
	switch step {
	case deliberation.ActionParticipant:
		_, err = svc.AddParticipant(ctx, act, id, deliberation.ParticipantInput{Kind: f["kind"], Name: f["name"], Affiliation: f["affiliation"]})
	case deliberation.ActionHold:
		_, err = svc.Hold(ctx, act, id, version, f["minutes"])
	case deliberation.ActionPublish:
		_, err = svc.Publish(ctx, act, id, version)
	}
	if err != nil {
		u.dlbStepRefused(w, r, p, err, func(status int, msg string) {
			u.renderDeliberationMeeting(w, r, p, status, id, msg, step, f)
		})
		return
	}
	dlbRedirect(w, r, dlbMeetingPath(id), "dlb.done."+step)
}
