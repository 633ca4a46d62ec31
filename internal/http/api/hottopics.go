package api

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/hottopic"
	"civicgrid/internal/http/httpx"
)

// registerHotTopics adds the hot topics of the caller's orders.
func (a *API) registerHotTopics(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/hot-topics", signedIn(a.hotTopics))
}

type topicJSON struct {
	Words       []string  `json:"words"`
	Count       int       `json:"count"`
	Communities []string  `json:"communities"`
	First       time.Time `json:"first"`
	Last        time.Time `json:"last"`
	Recent      int       `json:"recent"`
	Earlier     int       `json:"earlier"`
	Orders      []string  `json:"orders"`
}

// hotTopics answers GET /api/v1/hot-topics?days=14&min=3.
func (a *API) hotTopics(w http.ResponseWriter, r *http.Request) {
	days, _ := strconv.Atoi(r.URL.Query().Get("days"))
	least, _ := strconv.Atoi(r.URL.Query().Get("min"))
	if days < 0 || days > 90 || least < 0 || least == 1 || least > 1000 {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "days must be 1 to 90 and min 2 to 1000")
		return
	}
	opt := hottopic.Options{Window: time.Duration(days) * 24 * time.Hour, MinOrders: least}
	topics, err := (&hottopic.Service{Orders: a.Orders}).For(r.Context(), actorFor(r), a.now(), opt)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]topicJSON, 0, len(topics))
	for _, t := range topics {
		out = append(out, topicJSON{Words: t.Words, Count: t.Count, Communities: t.Communities, First: t.First, Last: t.Last,
			Recent: t.Recent, Earlier: t.Earlier, Orders: t.Numbers})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"topics": out})
}
