package api

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/knowledge"
	"civicgrid/internal/zone"
)

// registerKnowledge adds the knowledge base (知识库) routes: search and the
// FAQ are public (published articles valid now only); writing, proposing,
// reviewing and answering from an article need a signed-in user whose
// role the knowledge package allows.
func (a *API) registerKnowledge(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/knowledge/search", a.searchKnowledge)
	mux.HandleFunc("GET /api/v1/knowledge", signedIn(a.listKnowledge))
	mux.HandleFunc("GET /api/v1/knowledge/{id}", a.getArticle)
	mux.HandleFunc("POST /api/v1/knowledge", signedIn(a.createArticle))
	mux.HandleFunc("POST /api/v1/knowledge/proposals", signedIn(a.proposeArticle))
	mux.HandleFunc("PUT /api/v1/knowledge/{id}", signedIn(a.updateArticle))
	mux.HandleFunc("POST /api/v1/knowledge/{id}/review", signedIn(a.reviewArticle))
	mux.HandleFunc("POST /api/v1/orders/{number}/answer-from-article", signedIn(a.answerFromArticle))
	mux.HandleFunc("GET /api/v1/stats/direct-answers", httpx.RequireUser(a.statsDirectAnswers))
}

// statsDirectAnswers answers 咨询直接答复率 of a node's orders (same query
// as /stats): consultations, those answered at first contact, and those
// answered from the knowledge base.
func (a *API) statsDirectAnswers(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q, err := a.statsQuery(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	c, err := a.Reports.DirectAnswers(r.Context(), p.Scope, q)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, c)
}

type articleJSON struct {
	ID           int64   `json:"id"`
	Question     string  `json:"question"`
	Answer       string  `json:"answer"`
	CategoryCode string  `json:"category_code,omitempty"`
	CategoryName string  `json:"category_name,omitempty"`
	DeptCode     string  `json:"dept_code,omitempty"`
	DeptName     string  `json:"dept_name,omitempty"`
	ValidFrom    string  `json:"valid_from,omitempty"` // YYYY-MM-DD, Shanghai
	ValidTo      string  `json:"valid_to,omitempty"`   // first day no longer valid
	Source       string  `json:"source,omitempty"`
	State        string  `json:"state"`
	FromOrder    string  `json:"from_order,omitempty"`
	ReviewNote   string  `json:"review_note,omitempty"`
	Version      int     `json:"version"`
	Uses         int     `json:"uses"`
	Score        float64 `json:"score,omitempty"`
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zone.Shanghai()).Format("2006-01-02")
}

func toArticleJSON(a knowledge.Article) articleJSON {
	return articleJSON{ID: a.ID, Question: a.Question, Answer: a.Answer, CategoryCode: a.CategoryCode, CategoryName: a.CategoryName,
		DeptCode: a.DeptCode, DeptName: a.DeptName, ValidFrom: day(a.ValidFrom), ValidTo: day(a.ValidTo), Source: a.Source,
		State: a.State, FromOrder: a.FromOrder, ReviewNote: a.ReviewNote, Version: a.Version, Uses: a.Uses}
}

type articleRequest struct {
	Question     string `json:"question"`
	Answer       string `json:"answer"`
	CategoryCode string `json:"category_code"`
	DeptCode     string `json:"dept_code"`
	ValidFrom    string `json:"valid_from"`
	ValidTo      string `json:"valid_to"`
	Source       string `json:"source"`
	FromOrder    string `json:"from_order"`
	Version      int    `json:"version"`
}

func (req articleRequest) input() (knowledge.Input, error) {
	from, err := knowledge.ParseDay(req.ValidFrom)
	if err != nil {
		return knowledge.Input{}, err
	}
	to, err := knowledge.ParseDay(req.ValidTo)
	if err != nil {
		return knowledge.Input{}, err
	}
	return knowledge.Input{Question: req.Question, Answer: req.Answer, CategoryCode: req.CategoryCode, DeptCode: req.DeptCode,
		ValidFrom: from, ValidTo: to, Source: req.Source, FromOrder: req.FromOrder}, nil
}

// searchKnowledge answers GET /api/v1/knowledge/search?q=…&limit=: the
// articles valid now nearest the text, best first, with their similarity.
func (a *API) searchKnowledge(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 20 {
		limit = 5
	}
	m, err := a.Knowledge.Search(r.Context(), r.URL.Query().Get("q"), limit)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]articleJSON, 0, len(m))
	for _, x := range m {
		j := toArticleJSON(x.Article)
		j.Score = x.Score
		out = append(out, j)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"articles": out})
}

// listKnowledge answers GET /api/v1/knowledge?state=&dept=&q=: the
// articles the caller may see (proposals only for their reviewers and
// proposers).
func (a *API) listKnowledge(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	list, err := a.Knowledge.List(r.Context(), actorFor(r), knowledge.Filter{State: q.Get("state"), Dept: q.Get("dept"), Text: q.Get("q")})
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]articleJSON, 0, len(list))
	for _, x := range list {
		out = append(out, toArticleJSON(x))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"articles": out})
}

func articleID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		httpx.WriteError(w, http.StatusNotFound, "not_found", "no such article")
		return 0, false
	}
	return id, true
}

func (a *API) getArticle(w http.ResponseWriter, r *http.Request) {
	id, ok := articleID(w, r)
	if !ok {
		return
	}
	art, err := a.Knowledge.Get(r.Context(), actorFor(r), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toArticleJSON(art))
}

func (a *API) writeArticle(w http.ResponseWriter, r *http.Request, status int,
	do func(knowledge.Input, int) (knowledge.Article, error)) {
	var req articleRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	in, err := req.input()
	if err != nil {
		fail(w, r, err)
		return
	}
	art, err := do(in, req.Version)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, status, toArticleJSON(art))
}

func (a *API) createArticle(w http.ResponseWriter, r *http.Request) {
	a.writeArticle(w, r, http.StatusCreated, func(in knowledge.Input, _ int) (knowledge.Article, error) {
		return a.Knowledge.Create(r.Context(), actorFor(r), in)
	})
}

func (a *API) proposeArticle(w http.ResponseWriter, r *http.Request) {
	a.writeArticle(w, r, http.StatusCreated, func(in knowledge.Input, _ int) (knowledge.Article, error) {
		return a.Knowledge.Propose(r.Context(), actorFor(r), in)
	})
}

func (a *API) updateArticle(w http.ResponseWriter, r *http.Request) {
	id, ok := articleID(w, r)
	if !ok {
		return
	}
	a.writeArticle(w, r, http.StatusOK, func(in knowledge.Input, version int) (knowledge.Article, error) {
		return a.Knowledge.Update(r.Context(), actorFor(r), id, version, in)
	})
}

// reviewArticle answers POST /api/v1/knowledge/{id}/review
// {"version", "approve": bool, "note"}.
func (a *API) reviewArticle(w http.ResponseWriter, r *http.Request) {
	id, ok := articleID(w, r)
	if !ok {
		return
	}
	var req struct {
		Version int    `json:"version"`
		Approve bool   `json:"approve"`
		Note    string `json:"note"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	art, err := a.Knowledge.Review(r.Context(), actorFor(r), id, req.Version, req.Approve, req.Note)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toArticleJSON(art))
}

// answerFromArticle answers POST /api/v1/orders/{number}/answer-from-article
// {"version", "article_id"}: 直接答复 of a consultation with the article's
// answer, recording which article answered it.
func (a *API) answerFromArticle(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Version   int   `json:"version"`
		ArticleID int64 `json:"article_id"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	if req.Version < 1 || req.ArticleID < 1 {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "version and article_id are required")
		return
	}
	o, err := a.Knowledge.AnswerFrom(r.Context(), actorFor(r), r.PathValue("number"), req.Version, req.ArticleID)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toOrderJSON(o))
}
