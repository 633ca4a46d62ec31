package ui

import (
	"context"
	"net/http"
	"strings"
	"unicode/utf8"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/knowledge"
)

// consoleKnowledgeLimit is how many articles the console offers.
const consoleKnowledgeLimit = 3

// consoleArticle is a knowledge-base article matching what the operator
// types; its button answers the consultation from it in the same submit.
type consoleArticle struct {
	ID                 int64
	Question, Answer   string
	Dept, Source, Till string
	Percent            int
}

// consoleKnowledgeOf is the articles valid now nearest the description
// (none for a description too short to say anything).
func (u *UI) consoleKnowledgeOf(ctx context.Context, description string) []consoleArticle {
	if u.o.Knowledge == nil || utf8.RuneCountInString(strings.TrimSpace(description)) < 4 {
		return nil
	}
	m, err := u.o.Knowledge.Search(ctx, description, consoleKnowledgeLimit)
	if err != nil {
		return nil
	}
	out := make([]consoleArticle, len(m))
	for i, x := range m {
		a := x.Article
		out[i] = consoleArticle{ID: a.ID, Question: a.Question, Answer: a.Answer, Dept: a.DeptName, Source: a.Source,
			Till: day(a.ValidTo), Percent: int(x.Score*100 + 0.5)}
	}
	return out
}

// consoleKnowledge is the htmx fragment refreshed as the description changes.
func (u *UI) consoleKnowledge(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	pg := u.newPage(w, r, p, "console.title")
	pg.D = &consoleData{Knowledge: u.consoleKnowledgeOf(r.Context(), r.URL.Query().Get("description"))}
	u.renderFragment(w, r, http.StatusOK, "console", "console-knowledge", pg)
}

// consoleArticleOf is the article the operator answered from (the pressed
// button's article_id), if it is valid now.
func (u *UI) consoleArticleOf(ctx context.Context, p *httpx.Principal, r *http.Request, raw string) (knowledge.Article, bool) {
	id, ok := parseID(raw)
	if !ok || u.o.Knowledge == nil {
		return knowledge.Article{}, false
	}
	a, err := u.o.Knowledge.Get(ctx, staffActor(r, p), id)
	if err != nil || !a.LiveAt(u.now()) {
		return knowledge.Article{}, false
	}
	return a, true
}
