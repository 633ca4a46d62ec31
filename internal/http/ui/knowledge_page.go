package ui

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/knowledge"
	"civicgrid/internal/org"
	"civicgrid/internal/zone"
)

// registerKnowledge adds the knowledge base (知识库): the staff page
// (search, write or propose, review), one article's page, and the public
// FAQ for residents. The knowledge package decides who may do what.
func (u *UI) registerKnowledge(mux *http.ServeMux) {
	mux.HandleFunc("GET /knowledge", u.signedIn(u.knowledgePage))
	mux.HandleFunc("POST /knowledge", u.signedIn(u.knowledgeCreate))
	mux.HandleFunc("GET /knowledge/{id}", u.signedIn(u.articlePage))
	mux.HandleFunc("POST /knowledge/{id}/review", u.signedIn(u.articleReview))
	mux.HandleFunc("POST /knowledge/{id}/edit", u.signedIn(u.articleEdit))
	mux.HandleFunc("GET /faq", u.faqPage)
}

func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return id, err == nil && id > 0
}

// day shows a date in Shanghai; zero is "".
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zone.Shanghai()).Format("2006-01-02")
}

// articleView is an article as a page lists it.
type articleView struct {
	knowledge.Article
	From, Till, StateLabel string
	Expired                bool
	Percent                int // similarity to the search, when searched
}

func articleViewOf(lang Lang, a knowledge.Article, now time.Time) articleView {
	v := articleView{Article: a, From: day(a.ValidFrom), Till: day(a.ValidTo), Expired: a.ExpiredAt(now)}
	v.StateLabel = lang.T("kb.state." + a.State)
	if a.State == knowledge.StatePublished && v.Expired {
		v.StateLabel = lang.T("kb.state.expired")
	}
	return v
}

// articleForm is the write/propose form as typed.
type articleForm struct {
	Question, Answer, Category, Dept, From, Till, Source, Order string
	Version                                                     int
}

func readArticleForm(r *http.Request) articleForm {
	v := r.PostForm
	version, _ := strconv.Atoi(v.Get("version"))
	return articleForm{Question: v.Get("question"), Answer: v.Get("answer"), Category: v.Get("category"), Dept: v.Get("dept"),
		From: v.Get("valid_from"), Till: v.Get("valid_to"), Source: v.Get("source"), Order: v.Get("from_order"), Version: version}
}

func (f articleForm) input() (knowledge.Input, error) {
	from, err := knowledge.ParseDay(f.From)
	if err != nil {
		return knowledge.Input{}, err
	}
	till, err := knowledge.ParseDay(f.Till)
	if err != nil {
		return knowledge.Input{}, err
	}
	return knowledge.Input{Question: f.Question, Answer: f.Answer, CategoryCode: f.Category, DeptCode: f.Dept,
		ValidFrom: from, ValidTo: till, Source: f.Source, FromOrder: f.Order}, nil
}

// knowledgeData is what knowledge.html shows.
type knowledgeData struct {
	Query      string
	Searched   bool
	Found      []articleView
	Pending    []articleView // proposals waiting for this reviewer
	All        []articleView
	Can        knowledge.Abilities
	Form       articleForm
	Categories []categoryGroup
	Depts      []option
	Error      string
}

func (u *UI) knowledgePage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q := r.URL.Query()
	f := articleForm{Order: q.Get("from"), Question: q.Get("question"), Answer: q.Get("answer")}
	u.renderKnowledge(w, r, p, http.StatusOK, knowledgeData{Query: strings.TrimSpace(q.Get("q")), Form: f})
}

func (u *UI) renderKnowledge(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d knowledgeData) {
	ctx := r.Context()
	pg := u.newPage(w, r, p, "kb.title")
	a := staffActor(r, p)
	now := u.now()
	d.Can = knowledge.AbilitiesOf(a)
	if d.Query != "" {
		d.Searched = true
		m, err := u.o.Knowledge.Search(ctx, d.Query, 20)
		if err != nil && !errs.Is(err, errs.Invalid) {
			u.fail(w, r, p, err)
			return
		}
		for _, x := range m {
			v := articleViewOf(pg.Lang, x.Article, now)
			v.Percent = int(x.Score*100 + 0.5)
			d.Found = append(d.Found, v)
		}
	}
	list, err := u.o.Knowledge.List(ctx, a, knowledge.Filter{})
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, art := range list {
		v := articleViewOf(pg.Lang, art, now)
		if knowledge.ActionsOn(a, art).Review {
			d.Pending = append(d.Pending, v)
		} else {
			d.All = append(d.All, v)
		}
	}
	if err := u.articleChoices(ctx, pg.Lang, p, &d); err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg.D = d
	u.render(w, r, status, "knowledge", pg)
}

// articleChoices fills the category and department lists of the form.
func (u *UI) articleChoices(ctx context.Context, lang Lang, p *httpx.Principal, d *knowledgeData) error {
	cats, err := category.List(ctx, u.o.DB, false)
	if err != nil {
		return err
	}
	d.Categories = categoryGroups(cats, lang, d.Form.Category, lang.T("console.category.other"))
	depts, err := org.ListDepartments(ctx, u.o.DB, "")
	if err != nil {
		return err
	}
	d.Depts = []option{{Value: "", Label: lang.T("kb.dept.none"), Selected: d.Form.Dept == ""}}
	for _, dp := range depts {
		if d.Can.DeptOnly != "" && dp.Code != d.Can.DeptOnly {
			continue
		}
		d.Depts = append(d.Depts, option{Value: dp.Code, Label: dp.Name, Selected: dp.Code == d.Form.Dept || dp.Code == d.Can.DeptOnly})
	}
	return nil
}

// knowledgeProblem is the message for a refused write: the part of the
// domain's message in the page's language (the domain writes
// "english — 中文"), or the error page for anything but bad input.
func knowledgeProblem(lang Lang, err error) (string, int, bool) {
	switch errs.KindOf(err) {
	case errs.Invalid:
		return localMessage(lang, err, lang.T("kb.err.invalid")), http.StatusBadRequest, true
	case errs.Forbidden:
		return localMessage(lang, err, lang.T("kb.err.invalid")), http.StatusForbidden, true
	case errs.Stale, errs.Conflict:
		return lang.T("kb.err.stale"), http.StatusConflict, true
	}
	return "", 0, false
}

func (u *UI) knowledgeCreate(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	f := readArticleForm(r)
	a := staffActor(r, p)
	in, err := f.input()
	var art knowledge.Article
	if err == nil {
		if knowledge.AbilitiesOf(a).Publish {
			art, err = u.o.Knowledge.Create(r.Context(), a, in)
		} else {
			art, err = u.o.Knowledge.Propose(r.Context(), a, in)
		}
	}
	if err != nil {
		msg, status, ok := knowledgeProblem(langOf(w, r), err)
		if !ok {
			u.fail(w, r, p, err)
			return
		}
		u.renderKnowledge(w, r, p, status, knowledgeData{Form: f, Error: msg})
		return
	}
	http.Redirect(w, r, "/knowledge/"+strconv.FormatInt(art.ID, 10)+"?saved=1", http.StatusSeeOther)
}

// articleData is what knowledge_article.html shows.
type articleData struct {
	A          articleView
	Can        knowledge.ArticleActions
	Saved      bool
	Error      string
	Form       articleForm
	Categories []categoryGroup
	Depts      []option
}

func (u *UI) articlePage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderArticle(w, r, p, http.StatusOK, "", nil)
}

func (u *UI) renderArticle(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, problem string, typed *articleForm) {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		u.notFound(w, r)
		return
	}
	ctx := r.Context()
	a := staffActor(r, p)
	art, err := u.o.Knowledge.Get(ctx, a, id)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "kb.article")
	d := articleData{A: articleViewOf(pg.Lang, art, u.now()), Can: knowledge.ActionsOn(a, art), Saved: r.URL.Query().Get("saved") == "1",
		Error: problem}
	d.Form = articleForm{Question: art.Question, Answer: art.Answer, Category: art.CategoryCode, Dept: art.DeptCode,
		From: day(art.ValidFrom), Till: day(art.ValidTo), Source: art.Source, Version: art.Version}
	if typed != nil {
		d.Form = *typed
	}
	if d.Can.Edit {
		kd := knowledgeData{Form: d.Form, Can: knowledge.AbilitiesOf(a)}
		if err := u.articleChoices(ctx, pg.Lang, p, &kd); err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Categories, d.Depts = kd.Categories, kd.Depts
	}
	pg.D = d
	u.render(w, r, status, "knowledge_article", pg)
}

func (u *UI) articleReview(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		u.notFound(w, r)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	approve := r.PostFormValue("decision") == "approve"
	_, err := u.o.Knowledge.Review(r.Context(), staffActor(r, p), id, version, approve, r.PostFormValue("note"))
	u.afterArticleWrite(w, r, p, id, err, nil)
}

func (u *UI) articleEdit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		u.notFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	f := readArticleForm(r)
	in, err := f.input()
	if err == nil {
		_, err = u.o.Knowledge.Update(r.Context(), staffActor(r, p), id, f.Version, in)
	}
	u.afterArticleWrite(w, r, p, id, err, &f)
}

func (u *UI) afterArticleWrite(w http.ResponseWriter, r *http.Request, p *httpx.Principal, id int64, err error, typed *articleForm) {
	if err == nil {
		http.Redirect(w, r, "/knowledge/"+strconv.FormatInt(id, 10)+"?saved=1", http.StatusSeeOther)
		return
	}
	msg, status, ok := knowledgeProblem(langOf(w, r), err)
	if !ok || errors.Is(err, knowledge.ErrNotFound) {
		u.fail(w, r, p, err)
		return
	}
	u.renderArticle(w, r, p, status, msg, typed)
}

// faqData is what faq.html shows residents.
type faqData struct {
	Query    string
	Searched bool
	Found    []articleView
	Groups   []faqGroup
}

type faqGroup struct {
	Name     string
	Articles []articleView
}

// faqPage is the public FAQ (常见问题): the articles valid now, by
// category, or those nearest a resident's question.
func (u *UI) faqPage(w http.ResponseWriter, r *http.Request) {
	p := httpx.PrincipalFrom(r.Context())
	pg := u.newPage(w, r, p, "faq.title")
	ctx := r.Context()
	now := u.now()
	d := faqData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if d.Query != "" {
		d.Searched = true
		m, err := u.o.Knowledge.Search(ctx, d.Query, 10)
		if err != nil && !errs.Is(err, errs.Invalid) {
			u.fail(w, r, p, err)
			return
		}
		for _, x := range m {
			d.Found = append(d.Found, articleViewOf(pg.Lang, x.Article, now))
		}
	}
	live, err := u.o.Knowledge.Live(ctx)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	idx := map[string]int{}
	for _, a := range live {
		name := a.CategoryName
		if name == "" {
			name = pg.Lang.T("faq.other")
		}
		i, ok := idx[name]
		if !ok {
			i = len(d.Groups)
			idx[name] = i
			d.Groups = append(d.Groups, faqGroup{Name: name})
		}
		d.Groups[i].Articles = append(d.Groups[i].Articles, articleViewOf(pg.Lang, a, now))
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "faq", pg)
}

// proposeFromOrderURL is the knowledge page with the proposal form filled
// from an answered consultation.
func proposeFromOrderURL(number, question, answer string) string {
	return "/knowledge?from=" + url.QueryEscape(number) + "&question=" + url.QueryEscape(question) +
		"&answer=" + url.QueryEscape(answer) + "#kb-new"
}

// kbArgs hands a list of articles and the page to a sub-template.
type kbArgs struct {
	Page *page
	Rows []articleView
	Open bool // the first one opened (a search's best answer)
}

func init() {
	addFuncs(template.FuncMap{
		"kbRows":  func(p *page, rows []articleView) kbArgs { return kbArgs{Page: p, Rows: rows} },
		"kbFound": func(p *page, rows []articleView) kbArgs { return kbArgs{Page: p, Rows: rows, Open: true} },
	})
}
