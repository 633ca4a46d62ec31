package api

import (
	"net/http"

	"civicgrid/internal/classify"
	"civicgrid/internal/http/httpx"
)

// classifySuggestLimit is how many categories POST /api/v1/classify gives.
const classifySuggestLimit = 5

type classifyCategoryJSON struct {
	Code   string  `json:"code"`
	NameZh string  `json:"name_zh"`
	Score  float64 `json:"score"`
}

// classifyText answers POST /api/v1/classify {"text": "…"}: the likeliest
// categories (best first; probabilities from the learned model, or
// keyword shares while history is thin) and the suggested demand type.
// Any signed-in staff user may ask; the text is not stored.
func (a *API) classifyText(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Text  string `json:"text"`
		Limit int    `json:"limit"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		// A body too large to read is a text too long: 400 like any bad text.
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	limit := req.Limit
	if limit <= 0 || limit > 20 {
		limit = classifySuggestLimit
	}
	res, err := a.Classifier.Suggest(r.Context(), req.Text, limit)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]classifyCategoryJSON, 0, len(res.Categories))
	for _, s := range res.Categories {
		out = append(out, classifyCategoryJSON{Code: s.Category.Code, NameZh: s.Category.NameZh, Score: s.Score})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"categories": out, "kind": res.Kind,
		"kind_zh": classify.KindNames[res.Kind], "learned": res.Learned, "model_version": res.Version})
}
