package api

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/gridtask"
	"civicgrid/internal/http/httpx"
)

type gridTaskJSON struct {
	ID           int64      `json:"id"`
	Grid         string     `json:"grid"`
	Category     string     `json:"category"`
	Reason       string     `json:"reason"`
	SourceOrders []string   `json:"source_orders"`
	OrderCount   int        `json:"order_count"`
	Status       string     `json:"status"`
	CreatedAt    *time.Time `json:"created_at"`
	DoneAt       *time.Time `json:"done_at,omitempty"`
	DoneNote     string     `json:"done_note,omitempty"`
	Version      int        `json:"version"`
}

func toGridTaskJSON(t gridtask.Task) gridTaskJSON {
	return gridTaskJSON{ID: t.ID, Grid: t.GridCode, Category: t.Category, Reason: t.Reason, SourceOrders: t.SourceOrders,
		OrderCount: t.OrderCount, Status: t.Status, CreatedAt: cst(t.CreatedAt), DoneAt: cst(t.DoneAt),
		DoneNote: t.DoneNote, Version: t.Version}
}

// listGridTasks: ?status=open|done&grid=CODE, within the caller's scope.
func (a *API) listGridTasks(w http.ResponseWriter, r *http.Request) {
	p := httpx.PrincipalFrom(r.Context())
	q := r.URL.Query()
	tasks, err := a.Tasks.List(r.Context(), p.Scope, q.Get("grid"), q.Get("status"))
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]gridTaskJSON, 0, len(tasks))
	for _, t := range tasks {
		out = append(out, toGridTaskJSON(t))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tasks": out})
}

// gridTaskDone: {"version": N, "note": "…"}.
func (a *API) gridTaskDone(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		notFound(w, "task")
		return
	}
	var in struct {
		Version int    `json:"version"`
		Note    string `json:"note"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	p := httpx.PrincipalFrom(r.Context())
	t, err := a.Tasks.Done(r.Context(), p.User, p.Scope, httpx.ClientIP(r), id, in.Version, in.Note)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toGridTaskJSON(t))
}
