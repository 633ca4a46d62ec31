package ui

import (
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/store"
	"civicgrid/internal/topictask"
)

// The coordinated tasks made of hot topics (统筹交办, internal/topictask):
// the hot-topic card of the dispatch board and the dashboard hands a topic
// to a unit (POST /topic-tasks); /topic-tasks lists the tasks the user
// sees, /topic-tasks/{id} shows one with its orders and notes and the
// steps the domain allows now (topictask.Actions).

func (u *UI) registerTopicTasks(mux *http.ServeMux) {
	mux.HandleFunc("GET /topic-tasks", u.signedIn(u.topicTaskList))
	mux.HandleFunc("POST /topic-tasks", u.signedIn(u.topicTaskCreate))
	mux.HandleFunc("GET /topic-tasks/{id}", u.signedIn(u.topicTaskPage))
	mux.HandleFunc("POST /topic-tasks/{id}/{step}", u.signedIn(u.topicTaskStep))
}

func topicActorOf(r *http.Request, p *httpx.Principal) topictask.Actor {
	return topictask.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

type topicTaskRow struct {
	topictask.Task
	Created, Closed string
	Overdue         bool
}

func (u *UI) topicTaskRow(t topictask.Task) topicTaskRow {
	row := topicTaskRow{Task: t, Created: t.CreatedAt.In(shanghaiLocation()).Format("2006-01-02"), Overdue: t.Overdue(u.now())}
	if !t.ClosedAt.IsZero() {
		row.Closed = t.ClosedAt.In(shanghaiLocation()).Format("2006-01-02")
	}
	return row
}

type topicTaskListData struct {
	Rows  []topicTaskRow
	Error string
}

func (u *UI) topicTaskList(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	if !topictask.MayRead(p.User.Role) {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	tasks, err := topictask.List(r.Context(), u.o.DB, topicActorOf(r, p))
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d := &topicTaskListData{}
	for _, t := range tasks {
		d.Rows = append(d.Rows, u.topicTaskRow(t))
	}
	pg := u.newPage(w, r, p, "tt.title")
	pg.D = d
	u.render(w, r, http.StatusOK, "topic_tasks", pg)
}

type topicTaskData struct {
	T       topicTaskRow
	Orders  []topictask.LinkedOrder
	Notes   []topictask.Note
	Actions map[string]bool
	Alert   string
	Done    string
}

// topicTaskCreate hands a hot topic out from the boards' card, then shows
// the new task (or the board's refusal on a page of its own).
func (u *UI) topicTaskCreate(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	in := topictask.Input{Title: r.FormValue("title"), Words: r.Form["word"], Department: r.FormValue("department"),
		DueOn: r.FormValue("due"), Note: r.FormValue("note"), Orders: r.Form["order"]}
	var t topictask.Task
	err := u.o.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		t, err = topictask.Create(r.Context(), tx, topicActorOf(r, p), in, u.now())
		return err
	})
	if err != nil {
		u.topicRefused(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/topic-tasks/"+strconv.FormatInt(t.ID, 10)+"?done=created", http.StatusSeeOther)
}

// topicRefused answers a refused hand-out: the list page with the reason.
func (u *UI) topicRefused(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error) {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict, errs.Forbidden:
		pg := u.newPage(w, r, p, "tt.title")
		pg.D = &topicTaskListData{Error: localMessage(pg.Lang, err, pg.T("form.invalid"))}
		u.render(w, r, statusOfKind(err), "topic_tasks", pg)
	default:
		u.fail(w, r, p, err)
	}
}

func (u *UI) loadTopicTask(w http.ResponseWriter, r *http.Request, p *httpx.Principal) (*topicTaskData, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return nil, false
	}
	a := topicActorOf(r, p)
	t, err := topictask.Get(r.Context(), u.o.DB, a, id)
	if err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	d := &topicTaskData{T: u.topicTaskRow(t), Actions: map[string]bool{}}
	for _, s := range topictask.Actions(a, t) {
		d.Actions[s] = true
	}
	if d.Orders, err = topictask.Orders(r.Context(), u.o.DB, a, id); err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	if d.Notes, err = topictask.Notes(r.Context(), u.o.DB, a, id); err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	for i := range d.Notes {
		d.Notes[i].At = d.Notes[i].At.In(shanghaiLocation())
	}
	return d, true
}

func (u *UI) renderTopicTask(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d *topicTaskData) {
	pg := u.newPage(w, r, p, "tt.task.title")
	pg.Title = d.T.Title + " · " + pg.Title
	pg.D = d
	u.render(w, r, status, "topic_task", pg)
}

func (u *UI) topicTaskPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	d, ok := u.loadTopicTask(w, r, p)
	if !ok {
		return
	}
	if done := r.URL.Query().Get("done"); done == "created" || done == "progress" || done == "close" {
		d.Done = done
	}
	u.renderTopicTask(w, r, p, http.StatusOK, d)
}

// topicTaskStep records progress or the closure.
func (u *UI) topicTaskStep(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	step := r.PathValue("step")
	if err != nil || (step != topictask.ActionProgress && step != topictask.ActionClose) {
		u.notFound(w, r)
		return
	}
	text := strings.TrimSpace(r.FormValue("text"))
	err = u.o.DB.InTx(r.Context(), func(tx *store.Tx) error {
		if step == topictask.ActionClose {
			return topictask.Close(r.Context(), tx, topicActorOf(r, p), id, text, u.now())
		}
		return topictask.Progress(r.Context(), tx, topicActorOf(r, p), id, text, u.now())
	})
	if err != nil {
		switch errs.KindOf(err) {
		case errs.Invalid, errs.Conflict, errs.Forbidden:
			d, ok := u.loadTopicTask(w, r, p)
			if !ok {
				return
			}
			lang := langOf(w, r)
			d.Alert = localMessage(lang, err, lang.T("form.invalid"))
			u.renderTopicTask(w, r, p, statusOfKind(err), d)
		default:
			u.fail(w, r, p, err)
		}
		return
	}
	http.Redirect(w, r, "/topic-tasks/"+strconv.FormatInt(id, 10)+"?done="+step, http.StatusSeeOther)
}
