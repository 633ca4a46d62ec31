package api

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/notify"
)

// The parked outbox events (docs/api.md, "Parked messages"): what every
// notifier attempt failed, for an admin to send again. Whose events an
// admin sees is notify's rule.

func (a *API) registerOutbox(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/outbox/parked", httpx.RequireUser(a.listParked))
	mux.HandleFunc("POST /api/v1/outbox/{id}/retry", httpx.RequireUser(a.retryParked))
}

type parkedJSON struct {
	ID        int64      `json:"id"`
	Topic     string     `json:"topic"`
	Number    string     `json:"number"`
	Action    string     `json:"action"`
	At        *time.Time `json:"at"`
	FailedAt  *time.Time `json:"failed_at"`
	Attempts  int        `json:"attempts"`
	LastError string     `json:"last_error"`
}

func (a *API) listParked(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	by, err := auth.AdminOf(p.User, p.Scope, httpx.ClientIP(r))
	if err != nil {
		fail(w, r, err)
		return
	}
	parked, err := notify.ParkedFor(r.Context(), a.DB, by, 500)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]parkedJSON, 0, len(parked))
	for _, e := range parked {
		out = append(out, parkedJSON{ID: e.ID, Topic: e.Topic, Number: e.Number, Action: e.Action, At: cst(e.At),
			FailedAt: cst(e.FailedAt), Attempts: e.Attempts, LastError: e.LastError})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"parked": out})
}

func (a *API) retryParked(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		fail(w, r, errs.New(errs.NotFound, "没有这条停发的消息 — no such parked message"))
		return
	}
	by, err := auth.AdminOf(p.User, p.Scope, httpx.ClientIP(r))
	if err == nil {
		err = notify.RetryFor(r.Context(), a.DB, by, id, a.now())
	}
	if err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
