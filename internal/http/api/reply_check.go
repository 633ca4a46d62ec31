package api

import (
	"net/http"

	"civicgrid/internal/http/httpx"
)

// registerReplyCheck adds the reply check of a resolved order.
func (a *API) registerReplyCheck(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/orders/{number}/reply-check", signedIn(a.replyCheck))
}

// replyCheck answers GET /api/v1/orders/{number}/reply-check: the order's
// latest reply and the flags the check raised (docs/api.md).
func (a *API) replyCheck(w http.ResponseWriter, r *http.Request) {
	c, ok, err := a.Replies.ForOrder(r.Context(), actorFor(r), r.PathValue("number"))
	if err != nil {
		fail(w, r, err)
		return
	}
	if !ok {
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"replied": false, "flags": []string{}})
		return
	}
	flags := c.Flags
	if flags == nil {
		flags = []string{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"replied": true, "reply": c.Reply, "ok": c.OK(), "flags": flags,
		"relevance": c.Relevance, "relevance_judged": c.Judged})
}
