package api

import (
	"net/http"
	"strconv"

	"civicgrid/internal/classify"
	"civicgrid/internal/http/httpx"
)

// registerClassifyAdmin adds automatic routing per category and the
// evaluation of the learned model (admins).
func (a *API) registerClassifyAdmin(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/classify/autoroutes", httpx.RequireUser(a.listAutoRoutes))
	mux.HandleFunc("PUT /api/v1/classify/autoroutes/{code}", httpx.RequireUser(a.setAutoRoute))
	mux.HandleFunc("POST /api/v1/classify/eval", httpx.RequireRole(adminOnly, a.evalClassifier))
}

func (a *API) listAutoRoutes(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	routes, err := classify.AutoRoutes(r.Context(), a.DB)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"autoroutes": routes})
}

// setAutoRoute answers PUT /api/v1/classify/autoroutes/{code}
// {"threshold": 0.8}; 0 turns routing off.
func (a *API) setAutoRoute(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Threshold float64 `json:"threshold"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	code := r.PathValue("code")
	if err := classify.SetAutoRoute(r.Context(), a.DB, p.User.Role, actorOf(r, p), code, req.Threshold, a.now()); err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"category": code, "threshold": req.Threshold})
}

type classStatsJSON struct {
	Category  string  `json:"category"`
	Orders    int     `json:"orders"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// evalClassifier answers POST /api/v1/classify/eval?folds=5: a
// cross-validation on the store's own history.
func (a *API) evalClassifier(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	folds, err := strconv.Atoi(r.URL.Query().Get("folds"))
	if err != nil {
		folds = 5
	}
	ev, err := a.Classifier.Evaluate(r.Context(), folds)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	classes := make([]classStatsJSON, 0, len(ev.Classes))
	for _, c := range ev.Classes {
		classes = append(classes, classStatsJSON{Category: c.Class, Orders: c.Support, Precision: c.Precision, Recall: c.Recall, F1: c.F1})
	}
	conf := make([]map[string]any, 0, len(ev.Confusion))
	for _, c := range ev.Confusion {
		conf = append(conf, map[string]any{"true": c.True, "suggested": c.Pred, "orders": c.Count})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"folds": ev.Folds, "orders": ev.Docs, "accuracy": ev.Accuracy,
		"macro_f1": ev.MacroF1, "categories": classes, "confusions": conf})
}
