package api

import (
	"net/http"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
)

// listAudit shows the audit log to those auth.MayReadAudit lets read it.
func (a *API) listAudit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	if !auth.MayReadAudit(p.User, p.Scope) {
		httpx.WriteError(w, http.StatusForbidden, "forbidden", "the audit log is read by admins and supervisors at district level or above")
		return
	}
	limit, offset, err := paging(r, audit.DefaultLimit, audit.MaxLimit)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	q := r.URL.Query()
	f := audit.Filter{Action: q.Get("action"), Target: q.Get("target"), Limit: limit, Offset: offset}
	for name, dst := range map[string]*time.Time{"since": &f.Since, "until": &f.Until} {
		if s := q.Get(name); s != "" {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				httpx.WriteError(w, http.StatusBadRequest, "invalid", name+" must be an RFC 3339 time, e.g. 2026-11-23T08:00:00+08:00")
				return
			}
			*dst = t
		}
	}
	entries, err := audit.List(r.Context(), a.DB, f)
	if err != nil {
		fail(w, r, err)
		return
	}
	type entryJSON struct {
		ID        int64     `json:"id"`
		At        time.Time `json:"at"`
		ActorID   int64     `json:"actor_id,omitempty"`
		ActorName string    `json:"actor_name"`
		Action    string    `json:"action"`
		Target    string    `json:"target"`
		Detail    string    `json:"detail"`
		IP        string    `json:"ip"`
	}
	out := make([]entryJSON, 0, len(entries))
	for _, e := range entries {
		out = append(out, entryJSON{e.ID, e.At, e.ActorID, e.ActorName, e.Action, e.Target, e.Detail, e.IP})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"entries": out})
}
