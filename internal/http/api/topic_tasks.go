package api

import (
	"context"
	"net/http"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/store"
	"civicgrid/internal/topictask"
	"civicgrid/internal/zone"
)

// Coordinated tasks made of hot topics (internal/topictask, docs/api.md).
func (a *API) registerTopicTasks(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/topic-tasks", httpx.RequireUser(a.listTopicTasks))
	mux.HandleFunc("POST /api/v1/topic-tasks", httpx.RequireUser(a.createTopicTask))
	mux.HandleFunc("GET /api/v1/topic-tasks/{id}", httpx.RequireUser(a.getTopicTask))
	mux.HandleFunc("POST /api/v1/topic-tasks/{id}/progress", httpx.RequireUser(a.topicTaskStep(topictask.Progress)))
	mux.HandleFunc("POST /api/v1/topic-tasks/{id}/close", httpx.RequireUser(a.topicTaskStep(topictask.Close)))
}

func topicActor(r *http.Request, p *httpx.Principal) topictask.Actor {
	return topictask.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

type topicTaskJSON struct {
	ID         int64                `json:"id"`
	Title      string               `json:"title"`
	Words      []string             `json:"words,omitempty"`
	Department string               `json:"department"`
	DeptName   string               `json:"department_name"`
	DueOn      string               `json:"due_on"`
	Note       string               `json:"note,omitempty"`
	Status     string               `json:"status"`
	Overdue    bool                 `json:"overdue"`
	Outcome    string               `json:"outcome,omitempty"`
	CreatedAt  time.Time            `json:"created_at"`
	ClosedAt   *time.Time           `json:"closed_at,omitempty"`
	Orders     int                  `json:"orders"`
	Resolved   int                  `json:"resolved"`
	OrderList  []topicTaskOrderJSON `json:"order_list,omitempty"`
	Notes      []topicTaskNoteJSON  `json:"notes,omitempty"`
	Actions    []string             `json:"actions,omitempty"`
}

type topicTaskOrderJSON struct {
	Number     string    `json:"number"`
	Status     string    `json:"status"`
	Category   string    `json:"category"`
	ReceivedAt time.Time `json:"received_at"`
}

type topicTaskNoteJSON struct {
	Kind string    `json:"kind"`
	Text string    `json:"text"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
}

func (a *API) topicTaskJSON(t topictask.Task) topicTaskJSON {
	return topicTaskJSON{ID: t.ID, Title: t.Title, Words: t.Words, Department: t.Department, DeptName: t.DepartmentName, DueOn: t.DueOn,
		Note: t.Note, Status: t.Status, Overdue: t.Overdue(a.now()), Outcome: t.Outcome, CreatedAt: t.CreatedAt.In(zone.Shanghai()),
		ClosedAt: timeOrNil(t.ClosedAt), Orders: t.Orders, Resolved: t.Resolved}
}

func (a *API) listTopicTasks(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	tasks, err := topictask.List(r.Context(), a.DB, topicActor(r, p))
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]topicTaskJSON, 0, len(tasks))
	for _, t := range tasks {
		out = append(out, a.topicTaskJSON(t))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tasks": out})
}

// createTopicTask: {"title", "words", "department", "due_on", "note",
// "orders": [numbers]} → 201 with the task.
func (a *API) createTopicTask(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Title      string   `json:"title"`
		Words      []string `json:"words"`
		Department string   `json:"department"`
		DueOn      string   `json:"due_on"`
		Note       string   `json:"note"`
		Orders     []string `json:"orders"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	var t topictask.Task
	err := a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		t, err = topictask.Create(r.Context(), tx, topicActor(r, p), topictask.Input{Title: req.Title, Words: req.Words,
			Department: req.Department, DueOn: req.DueOn, Note: req.Note, Orders: req.Orders}, a.now())
		return err
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, a.topicTaskJSON(t))
}

func (a *API) getTopicTask(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	act := topicActor(r, p)
	t, err := topictask.Get(r.Context(), a.DB, act, id)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := a.topicTaskJSON(t)
	orders, err := topictask.Orders(r.Context(), a.DB, act, id)
	if err != nil {
		fail(w, r, err)
		return
	}
	for _, o := range orders {
		out.OrderList = append(out.OrderList, topicTaskOrderJSON{Number: o.Number, Status: o.Status, Category: o.Category, ReceivedAt: o.ReceivedAt.In(zone.Shanghai())})
	}
	notes, err := topictask.Notes(r.Context(), a.DB, act, id)
	if err != nil {
		fail(w, r, err)
		return
	}
	for _, n := range notes {
		out.Notes = append(out.Notes, topicTaskNoteJSON{Kind: n.Kind, Text: n.Text, By: n.By, At: n.At.In(zone.Shanghai())})
	}
	out.Actions = topictask.Actions(act, t)
	httpx.WriteJSON(w, http.StatusOK, out)
}

type topicStep = func(ctx context.Context, q store.Querier, a topictask.Actor, id int64, text string, now time.Time) error

// topicTaskStep: {"text": …} records progress or closes the task → 204.
func (a *API) topicTaskStep(step topicStep) func(http.ResponseWriter, *http.Request, *httpx.Principal) {
	return func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		id, ok := pathID(w, r)
		if !ok {
			return
		}
		var req struct {
			Text string `json:"text"`
		}
		if !decodeBody(w, r, &req) {
			return
		}
		err := a.DB.InTx(r.Context(), func(tx *store.Tx) error {
			return step(r.Context(), tx, topicActor(r, p), id, req.Text, a.now())
		})
		if err != nil {
			fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
