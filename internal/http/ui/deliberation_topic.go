package ui

import (
	"net/http"
	"slices"
	"strconv"

	"civicgrid/internal/deliberation"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
)

type deliberationTopicData struct {
	Row      dlbTopicRow
	Meeting  *dlbMeetingRow
	Planned  []dlbMeetingRow
	Outcomes []medOption
	Form     map[string]string
	Step     string
	Error    string
	Done     string
}

func (u *UI) deliberationTopic(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	u.renderDeliberationTopic(w, r, p, http.StatusOK, id, "", "", nil)
}

func (u *UI) renderDeliberationTopic(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, id int64, errMsg, step string, form map[string]string) {
	ctx, act := r.Context(), deliberationActorOf(r, p)
	t, err := u.o.Life.Deliberation.Topic(ctx, act, id)
	if err != nil {
		u.refuseDeliberation(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "dlb.topic.title")
	pg.Title = t.Title
	d := deliberationTopicData{Outcomes: dlbOptions(deliberation.Outcomes, pg.Lang), Form: form, Step: step, Error: errMsg, Done: dlbDone(r, pg)}
	var m deliberation.Meeting
	if t.MeetingID != 0 {
		if m, err = u.o.Life.Deliberation.Meeting(ctx, act, t.MeetingID); err != nil {
			u.refuseDeliberation(w, r, p, err)
			return
		}
		row := dlbMeeting(m, pg.Lang)
		d.Meeting = &row
	}
	d.Row = u.dlbTopic(act, t, m, pg.Lang)
	if d.Row.Actions[deliberation.ActionSchedule] {
		planned, err := u.o.Life.Deliberation.PlannedMeetings(ctx, act, t.CommunityCode)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		for _, x := range planned {
			d.Planned = append(d.Planned, dlbMeeting(x, pg.Lang))
		}
	}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	pg.D = d
	u.render(w, r, status, "deliberation_topic", pg)
}

var dlbTopicSteps = []string{deliberation.ActionSchedule, deliberation.ActionDecline, deliberation.ActionDecide, deliberation.ActionTask}

// deliberationTopicStep runs one step of a topic from its page's forms.
func (u *UI) deliberationTopicStep(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	step := r.PathValue("step")
	if err != nil || !slices.Contains(dlbTopicSteps, step) {
		u.notFound(w, r)
		return
	}
	ctx, act, svc := r.Context(), deliberationActorOf(r, p), u.o.Life.Deliberation
	version, _ := strconv.Atoi(r.FormValue("version"))
	f := formOf(r, "meeting", "reason", "outcome", "decision", "for", "against", "abstain", "title", "owner", "due", "back")
	switch step {
	case deliberation.ActionSchedule:
		meeting, _ := strconv.ParseInt(f["meeting"], 10, 64)
		_, err = svc.Schedule(ctx, act, id, version, meeting)
	case deliberation.ActionDecline:
		_, err = svc.Decline(ctx, act, id, version, f["reason"])
	case deliberation.ActionDecide:
		d := deliberation.Decision{Outcome: f["outcome"], Text: f["decision"]}
		if d.For, d.Against, d.Abstain, err = dlbVotes(f); err == nil {
			_, err = svc.Decide(ctx, act, id, version, d)
		}
	case deliberation.ActionTask:
		in := deliberation.TaskInput{Title: f["title"], Owner: f["owner"]}
		if in.DueAt, err = deliberation.DueOn(f["due"]); err == nil {
			_, err = svc.AddTask(ctx, act, id, in)
		}
	}
	// The decide forms on a meeting's page name it in "back" and return there.
	meeting, _ := strconv.ParseInt(f["back"], 10, 64)
	if err != nil {
		u.dlbStepRefused(w, r, p, err, func(status int, msg string) {
			if meeting > 0 {
				u.renderDeliberationMeeting(w, r, p, status, meeting, msg, step+"-"+strconv.FormatInt(id, 10), f)
				return
			}
			u.renderDeliberationTopic(w, r, p, status, id, msg, step, f)
		})
		return
	}
	if meeting > 0 {
		dlbRedirect(w, r, dlbMeetingPath(meeting), "dlb.done."+step)
		return
	}
	dlbRedirect(w, r, dlbTopicPath(id), "dlb.done."+step)
}

// dlbVotes reads the three vote counts; empty is 0.
func dlbVotes(f map[string]string) (yes, no, abstain int, err error) {
	out := [3]int{}
	for i, k := range []string{"for", "against", "abstain"} {
		if f[k] == "" {
			continue
		}
		if out[i], err = strconv.Atoi(f[k]); err != nil {
			return 0, 0, 0, errs.New(errs.Invalid, "votes must be whole numbers — 票数须为整数")
		}
	}
	return out[0], out[1], out[2], nil
}

// dlbStepRefused re-renders the page a refused step came from with the
// domain's message; a failure or a thing out of scope answers as such.
func (u *UI) dlbStepRefused(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error, again func(status int, msg string)) {
	status := statusOfKind(err)
	if status == http.StatusInternalServerError || status == http.StatusNotFound {
		u.refuseDeliberation(w, r, p, err)
		return
	}
	again(status, lifeMessage(err, langOf(w, r)))
}

// deliberationTaskDone records a task's result; the form sits on the
// topic's page (or a meeting's, with back).
func (u *UI) deliberationTaskDone(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	f := formOf(r, "result", "topic")
	topic, _ := strconv.ParseInt(f["topic"], 10, 64)
	t, err := u.o.Life.Deliberation.CompleteTask(r.Context(), deliberationActorOf(r, p), id, f["result"])
	if err != nil {
		u.dlbStepRefused(w, r, p, err, func(status int, msg string) {
			u.renderDeliberationTopic(w, r, p, status, topic, msg, "complete-"+strconv.FormatInt(id, 10), f)
		})
		return
	}
	dlbRedirect(w, r, dlbTopicPath(t.ID), "dlb.done.complete")
}
