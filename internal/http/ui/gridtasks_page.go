package ui

import (
	"errors"
	"net/http"
	"strconv"

	"civicgrid/internal/gridtask"
	"civicgrid/internal/http/httpx"
)

// registerGridTasks adds the page of proactive grid tasks raised from hot
// spots (未诉先办): grid workers and community staff see them and close
// them with a note.
func (u *UI) registerGridTasks(mux *http.ServeMux) {
	mux.HandleFunc("GET /grid/tasks", u.signedIn(u.gridTasksPage))
	mux.HandleFunc("POST /grid/tasks/{id}/done", u.signedIn(u.gridTaskDone))
}

type gridTaskView struct {
	gridtask.Task
	GridName, CategoryName, Created, Done string
	CanClose                              bool
}

type gridTasksData struct {
	Open, Done []gridTaskView
	// Failed is the task whose close was refused, with the message and
	// the note as typed.
	FailedID int64
	Error    string
	Note     string
	Closed   bool
}

func (u *UI) gridTasksPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderGridTasks(w, r, p, http.StatusOK, gridTasksData{Closed: r.URL.Query().Get("closed") == "1"})
}

func (u *UI) renderGridTasks(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d gridTasksData) {
	if !gridtask.MayRead(p.User.Role) {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	ctx := r.Context()
	pg := u.newPage(w, r, p, "gridtasks.title")
	tasks, err := u.o.Tasks.List(ctx, p.Scope, "", "")
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	names, err := u.orderNames(ctx, pg.Lang)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	loc := shanghaiLocation()
	canClose := gridtask.MayClose(p.User)
	for _, t := range tasks {
		v := gridTaskView{Task: t, GridName: names.grid(ctx, u, t.GridCode), CategoryName: gridTaskCategoryName(pg.Lang, names.category(t.Category), t.Category),
			Created: t.CreatedAt.In(loc).Format("2006-01-02 15:04"), CanClose: canClose}
		if t.Status == gridtask.StatusDone {
			v.Done = t.DoneAt.In(loc).Format("2006-01-02 15:04")
			d.Done = append(d.Done, v)
		} else {
			d.Open = append(d.Open, v)
		}
	}
	pg.D = d
	u.render(w, r, status, "gridtasks", pg)
}

func (u *UI) gridTaskDone(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	note := r.PostFormValue("note")
	_, err = u.o.Tasks.Done(r.Context(), p.User, p.Scope, httpx.ClientIP(r), id, version, note)
	lang := langOf(w, r)
	var msg string
	status := http.StatusOK
	switch {
	case err == nil:
		http.Redirect(w, r, "/grid/tasks?closed=1", http.StatusSeeOther)
		return
	case errors.Is(err, gridtask.ErrStaleVersion):
		msg, status = lang.T("gridtasks.stale"), http.StatusConflict
	case errors.Is(err, gridtask.ErrInvalid):
		msg, status = lang.T("gridtasks.badnote"), http.StatusBadRequest
	default:
		u.fail(w, r, p, err)
		return
	}
	u.renderGridTasks(w, r, p, status, gridTasksData{FailedID: id, Error: msg, Note: note})
}
