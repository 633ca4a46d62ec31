package ui

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/consultation"
	"civicgrid/internal/errs"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// The community desk for a consultation (staff) and the owners' voting
// page (anyone with a code). Rules live in internal/consultation; these
// handlers parse, call and render.

func (u *UI) registerConsultations(mux *http.ServeMux) {
	mux.HandleFunc("GET /consultations", u.signedIn(u.consultationsPage))
	mux.HandleFunc("POST /consultations", u.signedIn(u.consultationCreate))
	mux.HandleFunc("GET /consultations/{id}", u.signedIn(u.consultationDesk))
	mux.HandleFunc("POST /consultations/{id}/open", u.signedIn(u.consultationMove(consultation.Open)))
	mux.HandleFunc("POST /consultations/{id}/close", u.signedIn(u.consultationMove(consultation.Close)))
	mux.HandleFunc("POST /consultations/{id}/codes", u.signedIn(u.consultationCodes))
	mux.HandleFunc("GET /consultations/{id}/slips", u.signedIn(u.consultationSlips))
	mux.HandleFunc("POST /consultations/{id}/ballots", u.signedIn(u.consultationBallot))
	mux.HandleFunc("POST /consultations/{id}/suggestions/{ballot}/adopt", u.signedIn(u.consultationAdopt))
	u.registerConsultSuggestionOrder(mux)
	mux.HandleFunc("GET /public/consultations/{id}/vote", u.consultationVote)
	mux.HandleFunc("POST /public/consultations/{id}/vote", u.consultationVote)
}

// consultListData is the staff list with the form that starts a
// consultation on a project's 小区.
type consultListData struct {
	List    []consultation.Consultation
	Targets []consultTarget
	Alert   string
	Form    map[string]string
}

// consultTarget is a project and one of its 小区, as the form offers them.
type consultTarget struct {
	Value, Label string
}

func (u *UI) consultationsPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderConsultList(w, r, p, http.StatusOK, "", nil)
}

func (u *UI) renderConsultList(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, alert string, form map[string]string) {
	ctx := r.Context()
	cs, err := consultation.ListToRun(ctx, u.o.DB, u.editor(r, p), 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d := &consultListData{List: cs, Alert: alert, Form: form}
	ps, err := project.List(ctx, u.o.DB, p.Scope, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, pr := range ps {
		for _, e := range pr.Estates {
			if p.Scope.CoversRegion(e.CommunityCode) {
				d.Targets = append(d.Targets, consultTarget{Value: strconv.FormatInt(pr.ID, 10) + ":" + strconv.FormatInt(e.ID, 10),
					Label: e.Name + " · " + pr.Name})
			}
		}
	}
	pg := u.newPage(w, r, p, "consult.list.title")
	pg.D = d
	u.render(w, r, status, "consultations", pg)
}

// consultationCreate: POST /consultations — a draft consultation from the
// form; options one per line, "名称 金额（万元）" for 改什么.
func (u *UI) consultationCreate(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	form := map[string]string{}
	for _, k := range []string{"target", "stage", "title", "question", "rule", "consent", "budget", "options"} {
		form[k] = r.FormValue(k)
	}
	pid, eid, _ := strings.Cut(form["target"], ":")
	in := consultation.Input{Stage: form["stage"], Title: form["title"], Question: form["question"], Rule: form["rule"]}
	in.ProjectID, _ = strconv.ParseInt(pid, 10, 64)
	in.EstateID, _ = strconv.ParseInt(eid, 10, 64)
	refuse := func(err error) { u.renderConsultList(w, r, p, http.StatusBadRequest, consultAlert(w, r, err), form) }
	if n, d, ok := strings.Cut(strings.TrimSpace(form["consent"]), "/"); ok {
		in.ConsentNum, _ = strconv.ParseInt(strings.TrimSpace(n), 10, 64)
		in.ConsentDen, _ = strconv.ParseInt(strings.TrimSpace(d), 10, 64)
	}
	var err error
	if b := strings.TrimSpace(form["budget"]); b != "" {
		if in.BudgetFen, err = project.ParseWan(b); err != nil {
			refuse(err)
			return
		}
	}
	for _, line := range strings.Split(form["options"], "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		o := consultation.OptionInput{Name: line}
		if i := strings.LastIndexAny(line, " \t　"); i > 0 {
			if fen, err := project.ParseWan(strings.TrimSpace(line[i:])); err == nil {
				o.Name, o.CostFen = strings.TrimSpace(line[:i]), fen
			}
		}
		in.Options = append(in.Options, o)
	}
	var c consultation.Consultation
	err = u.o.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		c, err = consultation.Create(r.Context(), tx, u.editor(r, p), in, u.now())
		return err
	})
	switch {
	case err == nil:
		http.Redirect(w, r, "/consultations/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	case errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.NotFound:
		refuse(err)
	default:
		u.fail(w, r, p, err)
	}
}

type consultDeskData struct {
	C           consultView
	Houses      []consultation.DeskHouse
	Voted       int
	Suggestions []consultation.Suggestion
	WorkItems   []project.WorkItem
	Leaves      []category.Category       // to file a suggestion as an order
	BestLeaf    map[int64]string          // by ballot: the leaf its words suggest
	CanFile     bool                      // the user's role files orders
	Codes       []consultation.IssuedCode // just issued, for print (none sent by SMS)
	Delivery    deliveryCounts
	Alert       string
	Done        string
}

// inDeskOrder lists the codes in the desk's order (by address), so the
// printed slips follow the staircases staff walk.
func (d consultDeskData) inDeskOrder(codes []consultation.IssuedCode) []consultation.IssuedCode {
	byHouse := make(map[int64]consultation.IssuedCode, len(codes))
	for _, c := range codes {
		byHouse[c.HouseID] = c
	}
	out := make([]consultation.IssuedCode, 0, len(codes))
	for _, h := range d.Houses {
		if c, ok := byHouse[h.HouseID]; ok {
			out = append(out, c)
			delete(byHouse, h.HouseID)
		}
	}
	for _, c := range codes {
		if _, ok := byHouse[c.HouseID]; ok {
			out = append(out, c)
		}
	}
	return out
}

// Address of a house on the desk list.
func (d consultDeskData) Address(house int64) string {
	for _, h := range d.Houses {
		if h.HouseID == house {
			return h.Address
		}
	}
	return ""
}

func (u *UI) loadDesk(w http.ResponseWriter, r *http.Request, p *httpx.Principal) (*consultDeskData, bool) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		u.notFound(w, r)
		return nil, false
	}
	ed := u.editor(r, p)
	res, err := consultation.ResultOf(ctx, u.o.DB, p.Scope, id)
	if err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	d := &consultDeskData{C: resultView(res, false)}
	if d.Houses, err = consultation.DeskHouses(ctx, u.o.DB, ed, id); err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	for _, h := range d.Houses {
		if h.Choice != "" {
			d.Voted++
		}
	}
	d.Delivery = countDelivery(d.Houses)
	if d.Suggestions, err = consultation.Suggestions(ctx, u.o.DB, ed, id); err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	if d.WorkItems, err = project.WorkItems(ctx, u.o.DB); err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	d.CanFile = suggestionChannel(p.User.Role) != ""
	if d.Leaves, d.BestLeaf, err = u.suggestionLeaves(ctx, d.Suggestions); err != nil {
		u.fail(w, r, p, err)
		return nil, false
	}
	return d, true
}

// consultationDesk: GET /consultations/{id} — the figures so far, the
// paper-ballot form, owner codes, the houses and the suggestions.
func (u *UI) consultationDesk(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	d, ok := u.loadDesk(w, r, p)
	if !ok {
		return
	}
	d.Done = r.URL.Query().Get("done")
	u.renderDesk(w, r, p, http.StatusOK, d)
}

func (u *UI) renderDesk(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d *consultDeskData) {
	pg := u.newPage(w, r, p, "consult.desk.title")
	pg.Title = d.C.Title + " · " + pg.Title
	pg.D = d
	u.render(w, r, status, "consultation", pg)
}

// deskRefused shows the desk again with the error when the input was
// refused (invalid or in conflict), or fails the request otherwise.
func (u *UI) deskRefused(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error) {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict:
		d, ok := u.loadDesk(w, r, p)
		if !ok {
			return
		}
		d.Alert = consultAlert(w, r, err)
		u.renderDesk(w, r, p, http.StatusBadRequest, d)
	default:
		u.fail(w, r, p, err)
	}
}

func (u *UI) deskDone(w http.ResponseWriter, r *http.Request, what string) {
	http.Redirect(w, r, "/consultations/"+r.PathValue("id")+"?done="+what, http.StatusSeeOther)
}

type consultMove = func(ctx context.Context, q store.Querier, ed grid.Editor, id int64, now time.Time) error

func (u *UI) consultationMove(move consultMove) handler {
	return func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		err := u.o.DB.InTx(r.Context(), func(tx *store.Tx) error {
			return move(r.Context(), tx, u.editor(r, p), id, u.now())
		})
		if err != nil {
			u.deskRefused(w, r, p, err)
			return
		}
		u.deskDone(w, r, "status")
	}
}

// consultationCodes issues codes for every house (or the one named): those
// of houses with an owner's phone go by SMS, the others are shown once
// here and kept sealed for the slips.
func (u *UI) consultationCodes(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var houses []int64
	if h, err := strconv.ParseInt(r.FormValue("house"), 10, 64); err == nil && h > 0 {
		houses = []int64{h}
	}
	var codes []consultation.IssuedCode
	err := u.o.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		codes, err = consultation.IssueCodes(r.Context(), tx, u.editor(r, p), u.o.Codes, id, houses, 0, u.now())
		return err
	})
	if err != nil {
		u.deskRefused(w, r, p, err)
		return
	}
	d, ok := u.loadDesk(w, r, p)
	if !ok {
		return
	}
	d.Done = "codes"
	d.Codes = d.inDeskOrder(slices.DeleteFunc(codes, func(c consultation.IssuedCode) bool { return c.Code == "" }))
	u.renderDesk(w, r, p, http.StatusOK, d)
}

// consultationBallot records a paper ballot, or changes the house's
// ballot when "change" is set.
func (u *UI) consultationBallot(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		u.deskRefused(w, r, p, errs.New(errs.Invalid, "the form could not be read — 表单无法读取"))
		return
	}
	house, _ := strconv.ParseInt(r.FormValue("house"), 10, 64)
	in := consultation.BallotInput{HouseID: house, Choice: r.FormValue("choice"), Suggestion: r.FormValue("suggestion")}
	for _, s := range r.Form["option"] {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			in.Options = append(in.Options, n)
		}
	}
	if f, _, err := r.FormFile("photo"); err == nil {
		in.Photo, _ = io.ReadAll(io.LimitReader(f, consultation.MaxPhotoBytes+1))
		f.Close()
	}
	cast := consultation.CastAtDesk
	if r.FormValue("change") != "" {
		cast = consultation.ChangeAtDesk
	}
	err := u.o.DB.InTx(r.Context(), func(tx *store.Tx) error {
		_, err := cast(r.Context(), tx, u.editor(r, p), u.o.ProjectUploads, id, in, u.now())
		return err
	})
	if err != nil {
		u.deskRefused(w, r, p, err)
		return
	}
	u.deskDone(w, r, "ballot")
}

func (u *UI) consultationAdopt(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	ballot, _ := strconv.ParseInt(r.PathValue("ballot"), 10, 64)
	item, _ := strconv.ParseInt(r.FormValue("work_item"), 10, 64)
	err := u.o.DB.InTx(r.Context(), func(tx *store.Tx) error {
		return consultation.AdoptAsWorkItem(r.Context(), tx, u.editor(r, p), id, ballot, item, u.now())
	})
	if err != nil {
		u.deskRefused(w, r, p, err)
		return
	}
	u.deskDone(w, r, "adopted")
}

// consultAlert is a refusal in the page's language.
func consultAlert(w http.ResponseWriter, r *http.Request, err error) string {
	lang := langOf(w, r)
	return localMessage(lang, err, lang.T("form.invalid"))
}
