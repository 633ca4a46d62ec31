package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/classify"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
)

// registerClassifyAdmin adds the admin page of the learned category
// suggestion: how far to trust it (per-category precision, recall, F1 and
// the confusion pairs of a cross-validation on the deployment's own
// history) and, per category, automatic routing above a threshold.
func (u *UI) registerClassifyAdmin(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/classify", u.admin(u.classifyAdminPage))
	mux.HandleFunc("POST /admin/classify/eval", u.admin(u.classifyEval))
	mux.HandleFunc("POST /admin/classify/autoroute", u.admin(u.classifyAutoRoute))
}

type classifyAdminData struct {
	Model     *classify.Info
	Eval      *classify.LastEvaluation
	EvalAt    string
	Rows      []classifyRow
	Confusion []classifyConfusion
	Routes    []classifyRow // categories with routing on, for the case no evaluation ran yet
	Error     string
	Saved     bool
	Min, Max  string
}

type classifyRow struct {
	Code, Name            string
	Support               int
	Precision, Recall, F1 string
	ConfusedWith          string
	ConfusedCount         int
	Threshold             string // "" when routing is off
	Low                   bool   // F1 under 0.6: routing would misfile often
}

type classifyConfusion struct {
	True, Pred string
	Count      int
}

func classifyPct(v float64) string { return strconv.FormatFloat(v*100, 'f', 1, 64) + "%" }

func (u *UI) classifyAdminPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderClassifyAdmin(w, r, p, http.StatusOK, "")
}

func (u *UI) renderClassifyAdmin(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, problem string) {
	ctx := r.Context()
	pg := u.newPage(w, r, p, "classify.title")
	d := classifyAdminData{Error: problem, Saved: r.URL.Query().Get("saved") == "1",
		Min: strconv.FormatFloat(classify.MinThreshold, 'f', -1, 64), Max: strconv.FormatFloat(classify.MaxThreshold, 'f', -1, 64)}
	if info, ok, err := classify.LatestInfo(ctx, u.o.DB); err != nil {
		u.fail(w, r, p, err)
		return
	} else if ok {
		d.Model = &info
	}
	cats, err := category.List(ctx, u.o.DB, true)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	name := map[string]string{}
	for _, c := range cats {
		name[c.Code] = categoryName(c, pg.Lang)
	}
	label := func(code string) string {
		if n := name[code]; n != "" {
			return n
		}
		return code
	}
	routes, err := classify.AutoRoutes(ctx, u.o.DB)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	threshold := func(code string) string {
		if t, ok := routes[code]; ok {
			return strconv.FormatFloat(t, 'f', -1, 64)
		}
		return ""
	}
	if u.o.Classifier != nil {
		if ev, ok := u.o.Classifier.Last(); ok {
			d.Eval = &ev
			d.EvalAt = ev.At.In(shanghaiLocation()).Format("2006-01-02 15:04")
			for _, c := range ev.Classes {
				d.Rows = append(d.Rows, classifyRow{Code: c.Class, Name: label(c.Class), Support: c.Support, Precision: classifyPct(c.Precision),
					Recall: classifyPct(c.Recall), F1: classifyPct(c.F1), ConfusedWith: label(c.TopConfusedWith), ConfusedCount: c.TopConfusedCount,
					Threshold: threshold(c.Class), Low: c.F1 < 0.6})
			}
			for i, c := range ev.Confusion {
				if i >= 15 {
					break
				}
				d.Confusion = append(d.Confusion, classifyConfusion{True: label(c.True), Pred: label(c.Pred), Count: c.Count})
			}
		}
	}
	for _, code := range classify.AutoRouteList(routes) {
		d.Routes = append(d.Routes, classifyRow{Code: code, Name: label(code), Threshold: threshold(code)})
	}
	pg.D = d
	u.render(w, r, status, "classify", pg)
}

func (u *UI) classifyEval(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	if u.o.Classifier == nil {
		u.notFound(w, r)
		return
	}
	folds, err := strconv.Atoi(r.PostFormValue("folds"))
	if err != nil {
		folds = 5
	}
	if _, err := u.o.Classifier.Evaluate(r.Context(), folds); err != nil {
		lang := langOf(w, r)
		msg := lang.T("classify.err.eval")
		if errors.Is(err, classify.ErrTooFew) {
			msg = lang.T("classify.err.few")
		}
		u.renderClassifyAdmin(w, r, p, http.StatusBadRequest, msg)
		return
	}
	http.Redirect(w, r, "/admin/classify", http.StatusSeeOther)
}

func (u *UI) classifyAutoRoute(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	code := strings.TrimSpace(r.PostFormValue("category"))
	raw := strings.TrimSpace(r.PostFormValue("threshold"))
	var t float64
	var err error
	if raw != "" {
		t, err = strconv.ParseFloat(raw, 64)
	}
	if err == nil {
		err = classify.SetAutoRoute(r.Context(), u.o.DB, p.User.Role, auth.ActorOf(p.User, httpx.ClientIP(r)), code, t, u.now())
	}
	if err != nil {
		switch errs.KindOf(err) {
		case errs.NotFound:
			u.notFound(w, r)
		case errs.Forbidden:
			u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		default:
			u.renderClassifyAdmin(w, r, p, http.StatusBadRequest, langOf(w, r).Tf("classify.err.threshold", classify.MinThreshold, classify.MaxThreshold))
		}
		return
	}
	http.Redirect(w, r, "/admin/classify?saved=1", http.StatusSeeOther)
}
