package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/consultation"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// Consultations (征询, docs/design.md §11a). Reads are open: a resident
// sees the closed consultations of published projects, staff those of
// their scope. Owners vote with a one-time code and no account.

func (a *API) registerConsultations(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/consultations", a.listConsultations)
	mux.HandleFunc("GET /api/v1/consultations/{id}", a.getConsultation)
	mux.HandleFunc("GET /api/v1/consultations/{id}/result", a.consultationResult)
	mux.HandleFunc("POST /api/v1/consultations", httpx.RequireUser(a.createConsultation))
	mux.HandleFunc("POST /api/v1/consultations/{id}/open", httpx.RequireUser(a.moveConsultation(consultation.Open)))
	mux.HandleFunc("POST /api/v1/consultations/{id}/close", httpx.RequireUser(a.moveConsultation(consultation.Close)))
	mux.HandleFunc("POST /api/v1/consultations/{id}/codes", httpx.RequireUser(a.issueCodes))
	mux.HandleFunc("GET /api/v1/consultations/{id}/codes", httpx.RequireUser(a.codeDelivery))
	mux.HandleFunc("GET /api/v1/consultations/{id}/slips", httpx.RequireUser(a.codeSlips))
	mux.HandleFunc("POST /api/v1/consultations/{id}/ballots", httpx.RequireUser(a.deskBallot(false)))
	mux.HandleFunc("PUT /api/v1/consultations/{id}/ballots/{house}", httpx.RequireUser(a.deskBallot(true)))
	mux.HandleFunc("GET /api/v1/consultations/{id}/paper", a.ballotPaper)
	mux.HandleFunc("POST /api/v1/consultations/{id}/vote", a.voteByCode)
	mux.HandleFunc("GET /api/v1/consultations/{id}/suggestions", httpx.RequireUser(a.listSuggestions))
	mux.HandleFunc("POST /api/v1/consultations/{id}/suggestions/{ballot}/adopt", httpx.RequireUser(a.adoptSuggestion))
}

type optionJSON struct {
	ID       int64       `json:"id"`
	Name     string      `json:"name"`
	Cost     json.Number `json:"cost,omitempty"` // yuan
	WorkItem int64       `json:"work_item,omitempty"`
}

type consultationJSON struct {
	ID         int64        `json:"id"`
	ProjectID  int64        `json:"project_id"`
	Project    string       `json:"project"`
	CompoundID int64        `json:"compound_id"`
	Compound   string       `json:"compound"`
	Year       int          `json:"year"`
	Stage      string       `json:"stage"`
	Title      string       `json:"title"`
	Question   string       `json:"question,omitempty"`
	Rule       string       `json:"rule"`
	Consent    string       `json:"consent,omitempty"` // "2/3" for the consent rule
	Budget     json.Number  `json:"budget,omitempty"`  // yuan
	Status     string       `json:"status"`
	Houses     int          `json:"houses"`
	Options    []optionJSON `json:"options,omitempty"`
}

func toConsultationJSON(c consultation.Consultation) consultationJSON {
	out := consultationJSON{ID: c.ID, ProjectID: c.ProjectID, Project: c.ProjectName, CompoundID: c.EstateID, Compound: c.EstateName, Year: c.Year,
		Stage: c.Stage, Title: c.Title, Question: c.Question, Rule: c.Rule, Status: c.Status, Houses: c.Houses}
	if c.Rule == consultation.RuleConsent {
		out.Consent = strconv.FormatInt(c.ConsentNum, 10) + "/" + strconv.FormatInt(c.ConsentDen, 10)
	}
	if c.BudgetFen > 0 {
		out.Budget = json.Number(project.Yuan(c.BudgetFen))
	}
	for _, o := range c.Options {
		oj := optionJSON{ID: o.ID, Name: o.Name, WorkItem: o.WorkItemID}
		if o.CostFen > 0 {
			oj.Cost = json.Number(project.Yuan(o.CostFen))
		}
		out.Options = append(out.Options, oj)
	}
	return out
}

// squareMetres writes an area in dm² as m² with two decimals.
func squareMetres(dm2 int64) json.Number { return json.Number(project.Yuan(dm2)) }

type figuresJSON struct {
	EligibleArea        json.Number `json:"eligible_area"` // m²
	EligibleOwners      int64       `json:"eligible_owners"`
	EligibleHouseholds  int64       `json:"eligible_households"`
	ParticipatingArea   json.Number `json:"participating_area"`
	ParticipatingOwners int64       `json:"participating_owners"`
	YesArea             json.Number `json:"yes_area"`
	YesOwners           int64       `json:"yes_owners"`
	YesHouseholds       int64       `json:"yes_households"`
	Quorum              bool        `json:"quorum"`
	Passed              bool        `json:"passed"`
	Reason              string      `json:"reason,omitempty"`
}

func toFiguresJSON(f consultation.Figures, d consultation.Decision) figuresJSON {
	return figuresJSON{EligibleArea: squareMetres(f.EligibleArea), EligibleOwners: f.EligibleOwners, EligibleHouseholds: f.EligibleHouses,
		ParticipatingArea: squareMetres(f.ParticipatingArea), ParticipatingOwners: f.ParticipatingOwners,
		YesArea: squareMetres(f.YesArea), YesOwners: f.YesOwners, YesHouseholds: f.YesHouses,
		Quorum: d.Quorum, Passed: d.Passed, Reason: d.Reason}
}

func (a *API) listConsultations(w http.ResponseWriter, r *http.Request) {
	year, ok := queryYear(w, r)
	if !ok {
		return
	}
	var compound int64
	if s := r.URL.Query().Get("compound"); s != "" {
		var err error
		if compound, err = strconv.ParseInt(s, 10, 64); err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "compound must be a 小区 id — 小区编号不对")
			return
		}
	}
	cs, err := consultation.List(r.Context(), a.DB, readScope(r), year, compound)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]consultationJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, toConsultationJSON(c))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"consultations": out})
}

func (a *API) getConsultation(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	c, err := consultation.Get(r.Context(), a.DB, readScope(r), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toConsultationJSON(c))
}

// consultationResult: the figures behind the decision. Areas are m² with
// two decimals, owners counted per 专有部分 with one owner of several
// houses counted once.
func (a *API) consultationResult(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	res, err := consultation.ResultOf(r.Context(), a.DB, readScope(r), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	type optionResultJSON struct {
		optionJSON
		figuresJSON
	}
	type adoptedJSON struct {
		Suggestion string `json:"suggestion"`
		WorkItem   string `json:"work_item,omitempty"`
		OrderID    int64  `json:"order_id,omitempty"`
	}
	out := struct {
		ID       int64  `json:"id"`
		Stage    string `json:"stage"`
		Status   string `json:"status"`
		Final    bool   `json:"final"`
		Rule     string `json:"rule"`
		RuleText string `json:"rule_text"`
		AreaUnit string `json:"area_unit"`
		Ballots  int    `json:"ballots"`
		figuresJSON
		Leading *int64             `json:"leading_option,omitempty"`
		Counts  map[string]int     `json:"counts,omitempty"`
		Options []optionResultJSON `json:"options,omitempty"`
		Adopted []adoptedJSON      `json:"adopted_suggestions"`
	}{ID: res.ID, Stage: res.Stage, Status: res.Status, Final: res.Final, Rule: res.Rule, RuleText: res.RuleText, AreaUnit: "m2",
		Ballots: res.Ballots, figuresJSON: toFiguresJSON(res.Figures, res.Decision), Adopted: []adoptedJSON{}}
	if res.Stage == consultation.StageWhether {
		out.Counts = res.Counts
	}
	if res.Leading != nil {
		out.Leading = &res.Leading.ID
	}
	for _, o := range res.Options {
		oj := optionJSON{ID: o.ID, Name: o.Name, WorkItem: o.WorkItemID}
		if o.CostFen > 0 {
			oj.Cost = json.Number(project.Yuan(o.CostFen))
		}
		out.Options = append(out.Options, optionResultJSON{optionJSON: oj, figuresJSON: toFiguresJSON(o.Figures, o.Decision)})
	}
	for _, s := range res.Adopted {
		out.Adopted = append(out.Adopted, adoptedJSON{Suggestion: s.Text, WorkItem: s.WorkItemName, OrderID: s.OrderID})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

func (a *API) createConsultation(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		ProjectID  int64       `json:"project_id"`
		CompoundID int64       `json:"compound_id"`
		Buildings  []string    `json:"buildings"`
		Stage      string      `json:"stage"`
		Title      string      `json:"title"`
		Question   string      `json:"question"`
		Rule       string      `json:"rule"`
		Consent    string      `json:"consent"` // "2/3"; default 2/3
		Budget     json.Number `json:"budget"`
		Options    []struct {
			Name     string      `json:"name"`
			Cost     json.Number `json:"cost"`
			WorkItem int64       `json:"work_item"`
		} `json:"options"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	in := consultation.Input{ProjectID: req.ProjectID, EstateID: req.CompoundID, Buildings: req.Buildings, Stage: req.Stage, Title: req.Title,
		Question: req.Question, Rule: req.Rule}
	if req.Consent != "" {
		n, d, ok := strings.Cut(req.Consent, "/")
		num, err1 := strconv.ParseInt(strings.TrimSpace(n), 10, 64)
		den, err2 := strconv.ParseInt(strings.TrimSpace(d), 10, 64)
		if !ok || err1 != nil || err2 != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "consent is a fraction such as 2/3 — 同意比例应写成 2/3")
			return
		}
		in.ConsentNum, in.ConsentDen = num, den
	}
	var err error
	if req.Budget != "" {
		if in.BudgetFen, err = project.ParseYuan(req.Budget.String()); err != nil {
			fail(w, r, err)
			return
		}
	}
	for _, o := range req.Options {
		oi := consultation.OptionInput{Name: o.Name, WorkItemID: o.WorkItem}
		if o.Cost != "" {
			if oi.CostFen, err = project.ParseYuan(o.Cost.String()); err != nil {
				fail(w, r, err)
				return
			}
		}
		in.Options = append(in.Options, oi)
	}
	var c consultation.Consultation
	err = a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		c, err = consultation.Create(r.Context(), tx, a.editorOf(r, p), in, a.now())
		return err
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, toConsultationJSON(c))
}

type moveFunc = func(ctx context.Context, q store.Querier, ed grid.Editor, id int64, now time.Time) error

func hours(n int) time.Duration { return time.Duration(n) * time.Hour }

func (a *API) moveConsultation(move moveFunc) func(http.ResponseWriter, *http.Request, *httpx.Principal) {
	return func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		id, ok := pathID(w, r)
		if !ok {
			return
		}
		err := a.DB.InTx(r.Context(), func(tx *store.Tx) error { return move(r.Context(), tx, a.editorOf(r, p), id, a.now()) })
		if err != nil {
			fail(w, r, err)
			return
		}
		c, err := consultation.Get(r.Context(), a.DB, p.Scope, id)
		if err != nil {
			fail(w, r, err)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, toConsultationJSON(c))
	}
}

// issueCodes: one-time codes for owners. A code on its way by SMS is not
// shown; the others are returned once, for the printed slips.
func (a *API) issueCodes(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Houses   []int64 `json:"houses"`
		TTLHours int     `json:"ttl_hours"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	var codes []consultation.IssuedCode
	err := a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		codes, err = consultation.IssueCodes(r.Context(), tx, a.editorOf(r, p), a.Codes, id, req.Houses, hours(req.TTLHours), a.now())
		return err
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	type codeJSON struct {
		House     int64      `json:"house"`
		Code      string     `json:"code,omitempty"`
		ExpiresAt *time.Time `json:"expires_at"`
		Delivery  string     `json:"delivery"`
	}
	out := make([]codeJSON, 0, len(codes))
	for _, c := range codes {
		out = append(out, codeJSON{House: c.HouseID, Code: c.Code, ExpiresAt: cst(c.ExpiresAt), Delivery: c.Delivery})
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"codes": out})
}

// codeDelivery: how each house's latest code went out (no phone, only the
// masked number) and the counts by state.
func (a *API) codeDelivery(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	hs, err := consultation.DeskHouses(r.Context(), a.DB, a.editorOf(r, p), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	type houseJSON struct {
		House     int64  `json:"house"`
		Address   string `json:"address"`
		Delivery  string `json:"delivery"`
		Recipient string `json:"recipient,omitempty"`
		Voted     bool   `json:"voted"`
	}
	out := make([]houseJSON, 0, len(hs))
	for _, h := range hs {
		out = append(out, houseJSON{House: h.HouseID, Address: h.Address, Delivery: h.Delivery, Recipient: h.Recipient, Voted: h.Choice != ""})
	}
	counts := consultation.DeliveryCounts(hs)
	if n, ok := counts[""]; ok {
		delete(counts, "")
		counts["none"] = n
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"houses": out, "counts": counts})
}

// codeSlips: the live codes no SMS carries, opened (and audited) for print.
func (a *API) codeSlips(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var slips []consultation.Slip
	err := a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		slips, err = consultation.Slips(r.Context(), tx, a.editorOf(r, p), a.Codes, id, a.now())
		return err
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	type slipJSON struct {
		House     int64      `json:"house"`
		Address   string     `json:"address"`
		Code      string     `json:"code"`
		ExpiresAt *time.Time `json:"expires_at"`
		Delivery  string     `json:"delivery"`
	}
	out := make([]slipJSON, 0, len(slips))
	for _, s := range slips {
		out = append(out, slipJSON{House: s.HouseID, Address: s.Address, Code: s.Code, ExpiresAt: cst(s.ExpiresAt), Delivery: s.Delivery})
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"slips": out})
}
