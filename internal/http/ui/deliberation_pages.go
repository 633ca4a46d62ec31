package ui

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/deliberation"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// registerDeliberation adds the 议事协商 pages: /deliberation lists the
// topics and meetings of the caller's area with the year's figures and
// takes new ones; /deliberation/topics/{id} and /deliberation/meetings/{id}
// offer the steps the domain allows now; /public/deliberation shows a
// community's published results and takes residents' proposals.
func (u *UI) registerDeliberation(mux *http.ServeMux) {
	if u.o.Life == nil || u.o.Life.Deliberation == nil {
		return
	}
	mux.HandleFunc("GET /deliberation", u.signedIn(u.deliberationList))
	mux.HandleFunc("POST /deliberation/topics", u.signedIn(u.deliberationPropose))
	mux.HandleFunc("POST /deliberation/meetings", u.signedIn(u.deliberationCall))
	mux.HandleFunc("GET /deliberation/topics/{id}", u.signedIn(u.deliberationTopic))
	mux.HandleFunc("POST /deliberation/topics/{id}/{step}", u.signedIn(u.deliberationTopicStep))
	mux.HandleFunc("GET /deliberation/meetings/{id}", u.signedIn(u.deliberationMeeting))
	mux.HandleFunc("POST /deliberation/meetings/{id}/{step}", u.signedIn(u.deliberationMeetingStep))
	mux.HandleFunc("POST /deliberation/tasks/{id}/complete", u.signedIn(u.deliberationTaskDone))
	mux.HandleFunc("GET /public/deliberation", u.deliberationPublic)
	mux.HandleFunc("POST /public/deliberation", u.deliberationPublicPropose)
}

func deliberationActorOf(r *http.Request, p *httpx.Principal) deliberation.Actor {
	return deliberation.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

func dlbOptions(ls []deliberation.Label, lang Lang) []medOption {
	out := make([]medOption, 0, len(ls))
	for _, l := range ls {
		out = append(out, medOption{l.Code, deliberation.Name(ls, l.Code, lang == LangZH)})
	}
	return out
}

type dlbTopicRow struct {
	deliberation.Topic
	StatusLabel, SourceLabel, OutcomeLabel, Created, Decided string
	Tasks                                                    []dlbTaskRow
	Actions                                                  map[string]bool
}

type dlbTaskRow struct {
	deliberation.Task
	Due, Done string
	Overdue   bool
	MayDone   bool
}

type dlbMeetingRow struct {
	deliberation.Meeting
	BodyLabel, StatusLabel, Starts, Held, Published string
}

func (u *UI) dlbTopic(a deliberation.Actor, t deliberation.Topic, m deliberation.Meeting, lang Lang) dlbTopicRow {
	zh := lang == LangZH
	row := dlbTopicRow{Topic: t, StatusLabel: deliberation.Name(deliberation.TopicStatuses, t.Status, zh),
		SourceLabel: deliberation.Name(deliberation.Sources, t.Source, zh), OutcomeLabel: deliberation.Name(deliberation.Outcomes, t.Outcome, zh),
		Created: day(t.CreatedAt), Decided: day(t.DecidedAt), Actions: map[string]bool{}}
	for _, act := range deliberation.TopicActions(a, t, m) {
		row.Actions[act] = true
	}
	now := u.now()
	for _, k := range t.Tasks {
		row.Tasks = append(row.Tasks, dlbTaskRow{Task: k, Due: day(k.DueAt), Done: day(k.DoneAt), Overdue: k.Overdue(now),
			MayDone: slices.Contains(deliberation.TaskActions(a, t.CommunityCode, k), deliberation.ActionComplete)})
	}
	return row
}

func dlbMeeting(m deliberation.Meeting, lang Lang) dlbMeetingRow {
	zh := lang == LangZH
	return dlbMeetingRow{Meeting: m, BodyLabel: deliberation.Name(deliberation.Bodies, m.Body, zh),
		StatusLabel: deliberation.Name(deliberation.MeetingStatuses, m.Status, zh), Starts: portalTime(m.StartsAt),
		Held: day(m.HeldAt), Published: day(m.PublishedAt)}
}

// refuseDeliberation answers a refused read: not found, forbidden, or a
// failure.
func (u *UI) refuseDeliberation(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error) {
	switch errs.KindOf(err) {
	case errs.NotFound:
		u.notFound(w, r)
	case errs.Forbidden:
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
	default:
		u.fail(w, r, p, err)
	}
}

func dlbDone(r *http.Request, pg *page) string {
	if done := r.URL.Query().Get("done"); strings.HasPrefix(done, "dlb.done.") {
		return pg.T(done)
	}
	return ""
}

// dlbStartsAt reads a meeting's datetime-local field as China time.
func dlbStartsAt(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(s), shanghaiLocation())
	if err != nil {
		return time.Time{}
	}
	return t
}

// dlbYear is the calendar year so far, for the list's figures.
func (u *UI) dlbYear() (int, time.Time, time.Time) {
	now := u.now().In(shanghaiLocation())
	from := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, shanghaiLocation())
	return now.Year(), from, from.AddDate(1, 0, 0)
}

type dlbTotals struct {
	Year                                                            int
	Topics, Decided, Adopted, Declined, Meetings, Tasks, Done, Late int
	Rate                                                            string
}

func (u *UI) dlbTotals(ctx context.Context, a deliberation.Actor) (*dlbTotals, error) {
	year, from, to := u.dlbYear()
	ms, err := u.o.Life.Deliberation.Measures(ctx, a, "", from, to)
	if err != nil {
		return nil, err
	}
	t := &dlbTotals{Year: year, Rate: "—"}
	for _, m := range ms {
		t.Topics += m.Topics
		t.Decided += m.Decided
		t.Adopted += m.Adopted
		t.Declined += m.Declined
		t.Meetings += m.Meetings
		t.Tasks += m.Tasks
		t.Done += m.TasksDone
		t.Late += m.TasksOverdue
	}
	if t.Tasks > 0 {
		t.Rate = strconv.FormatFloat(float64(t.Done)*100/float64(t.Tasks), 'f', 1, 64) + "%"
	}
	return t, nil
}

// dlbRedirect answers a step that worked: back to path, saying what was done.
func dlbRedirect(w http.ResponseWriter, r *http.Request, path, done string) {
	http.Redirect(w, r, path+"?"+url.Values{"done": {done}}.Encode(), http.StatusSeeOther)
}

func dlbTopicPath(id int64) string   { return fmt.Sprintf("/deliberation/topics/%d", id) }
func dlbMeetingPath(id int64) string { return fmt.Sprintf("/deliberation/meetings/%d", id) }

// Arguments of the "dlb_tasks" and "dlb_decide" partials, shared by the
// topic and meeting pages.
type dlbTasksArgs struct {
	P *page
	T dlbTopicRow
}

type dlbDecideArgs struct {
	P        *page
	T        dlbTopicRow
	Outcomes []medOption
	Back     int64
}

func init() {
	addFuncs(template.FuncMap{
		"dlbTasks": func(p *page, t dlbTopicRow) dlbTasksArgs { return dlbTasksArgs{P: p, T: t} },
		"dlbDecide": func(p *page, t dlbTopicRow, outcomes []medOption, back int64) dlbDecideArgs {
			return dlbDecideArgs{P: p, T: t, Outcomes: outcomes, Back: back}
		},
	})
}

// orderDeliberation is the order page's 议事协商 box: a link to the topic
// the order raised, or the one-step form that raises it (nil: nothing to
// show).
type orderDeliberation struct{ TopicID int64 }

func (u *UI) orderDeliberation(r *http.Request, p *httpx.Principal, o order.Order) (*orderDeliberation, error) {
	if u.o.Life == nil || u.o.Life.Deliberation == nil {
		return nil, nil
	}
	id, mayRaise, err := u.o.Life.Deliberation.OrderLink(r.Context(), deliberationActorOf(r, p), o)
	if err != nil || (id == 0 && !mayRaise) {
		return nil, err
	}
	return &orderDeliberation{TopicID: id}, nil
}
