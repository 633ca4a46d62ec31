package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Renovation projects (docs/design.md §11). Reads are open: a resident
// (no sign-in) sees published projects, staff those their scope covers.

func (a *API) registerProjects(mux *http.ServeMux) {
	a.registerLivelihood(mux)
	a.registerProjectCatalogues(mux)
	mux.HandleFunc("GET /api/v1/projects", a.listProjects)
	mux.HandleFunc("GET /api/v1/projects/overdue", httpx.RequireUser(a.overdueSections))
	mux.HandleFunc("GET /api/v1/projects/{id}", a.getProject)
	mux.HandleFunc("GET /api/v1/indicators", a.listIndicators)
	mux.HandleFunc("GET /api/v1/programmes", a.listProgrammes)
	mux.HandleFunc("POST /api/v1/programmes", httpx.RequireUser(a.createProgramme))
	mux.HandleFunc("POST /api/v1/projects", httpx.RequireUser(a.createProject))
	mux.HandleFunc("POST /api/v1/projects/{id}/outputs", httpx.RequireUser(a.recordOutput))
	mux.HandleFunc("POST /api/v1/projects/{id}/spending", httpx.RequireUser(a.recordSpending))
	mux.HandleFunc("POST /api/v1/projects/{id}/sections", httpx.RequireUser(a.createSection))
	mux.HandleFunc("POST /api/v1/sections/{id}/progress", httpx.RequireUser(a.reportProgress))
	mux.HandleFunc("POST /api/v1/sections/{id}/milestones/{kind}", httpx.RequireUser(a.completeMilestone))
}

// readScope is the caller's scope, or the zero scope (published only) for
// a resident.
func readScope(r *http.Request) auth.Scope {
	if p := httpx.PrincipalFrom(r.Context()); p != nil {
		return p.Scope
	}
	return auth.Scope{}
}

func queryYear(w http.ResponseWriter, r *http.Request) (int, bool) {
	s := r.URL.Query().Get("year")
	if s == "" {
		return 0, true
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 2000 || y > 2100 {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "year must be a year from 2000 to 2100 — 年度不对")
		return 0, false
	}
	return y, true
}

type compoundJSON struct {
	ID         int64   `json:"id"`
	Name       string  `json:"name"`
	Community  string  `json:"community"`
	Street     string  `json:"street"`
	StreetCode string  `json:"street_code"`
	Buildings  int     `json:"buildings"`
	Households int     `json:"households"`
	Lng        float64 `json:"lng,omitempty"`
	Lat        float64 `json:"lat,omitempty"`
}

type sectionJSON struct {
	ID           int64            `json:"id"`
	Name         string           `json:"name"`
	Contractor   string           `json:"contractor"`
	Supervisor   string           `json:"supervisor"`
	Contract     json.Number      `json:"contract"` // yuan
	PlannedStart string           `json:"planned_start"`
	PlannedEnd   string           `json:"planned_end"`
	ActualStart  string           `json:"actual_start,omitempty"`
	ActualEnd    string           `json:"actual_end,omitempty"`
	Progress     int              `json:"progress"`
	Overdue      bool             `json:"overdue"`
	Milestones   []map[string]any `json:"milestones"`
}

type projectJSON struct {
	ID         int64            `json:"id"`
	Programme  string           `json:"programme"`
	Year       int              `json:"year"`
	Batch      int              `json:"batch"`
	Name       string           `json:"name"`
	Scope      string           `json:"scope"`
	Level      string           `json:"level"`
	Status     string           `json:"status"`
	Budget     json.Number      `json:"budget"` // yuan, two decimals
	Spent      json.Number      `json:"spent"`
	Progress   int              `json:"progress"`
	Households int              `json:"households"`
	Buildings  int              `json:"buildings"`
	Compounds  []compoundJSON   `json:"compounds"`
	WorkItems  []map[string]any `json:"work_items"`
	Funding    []map[string]any `json:"funding"`
	Outputs    []map[string]any `json:"outputs"`
	Sections   []sectionJSON    `json:"sections"`
	Published  bool             `json:"published"`
}

func yuan(fen int64) json.Number { return json.Number(project.Yuan(fen)) }

func toProjectJSON(p project.Project, today string) projectJSON {
	j := projectJSON{ID: p.ID, Programme: p.ProgrammeName, Year: p.Year, Batch: p.Batch, Name: p.Name, Scope: p.Scope, Level: p.Level,
		Status: p.Status, Budget: yuan(p.BudgetFen), Spent: yuan(p.SpentFen), Progress: p.Progress, Households: p.Households,
		Buildings: len(p.Buildings), Published: p.Published,
		Compounds: []compoundJSON{}, WorkItems: []map[string]any{}, Funding: []map[string]any{}, Outputs: []map[string]any{}, Sections: []sectionJSON{}}
	for _, e := range p.Estates {
		j.Compounds = append(j.Compounds, compoundJSON{ID: e.ID, Name: e.Name, Community: e.CommunityName, Street: e.StreetName,
			StreetCode: e.StreetCode, Buildings: e.Buildings, Households: e.Households, Lng: e.Lng, Lat: e.Lat})
	}
	for _, w := range p.WorkItems {
		j.WorkItems = append(j.WorkItems, map[string]any{"id": w.ID, "name": w.Name, "class": w.Class, "class_name": w.ClassName()})
	}
	for _, f := range p.Funding {
		j.Funding = append(j.Funding, map[string]any{"source": f.Source, "name": f.SourceName(), "amount": yuan(f.AmountFen)})
	}
	sum := map[int64]int{}
	for _, o := range p.Outputs {
		if i, ok := sum[o.IndicatorID]; ok {
			j.Outputs[i]["quantity"] = j.Outputs[i]["quantity"].(int64) + o.Quantity
			continue
		}
		sum[o.IndicatorID] = len(j.Outputs)
		j.Outputs = append(j.Outputs, map[string]any{"name": o.Name, "unit": o.Unit, "quantity": o.Quantity})
	}
	for _, s := range p.Sections {
		sj := sectionJSON{ID: s.ID, Name: s.Name, Contractor: s.Contractor, Supervisor: s.Supervisor, Contract: yuan(s.ContractFen),
			PlannedStart: s.PlannedStart, PlannedEnd: s.PlannedEnd, ActualStart: s.ActualStart, ActualEnd: s.ActualEnd,
			Progress: s.Progress, Overdue: s.OverdueOn(today), Milestones: []map[string]any{}}
		for _, m := range s.Milestones {
			sj.Milestones = append(sj.Milestones, map[string]any{"kind": m.Kind, "name": m.Name(), "planned_on": m.PlannedOn, "done_on": m.DoneOn})
		}
		j.Sections = append(j.Sections, sj)
	}
	return j
}

func (a *API) today() string { return a.now().In(zone.Shanghai()).Format("2006-01-02") }

// listProjects: GET /api/v1/projects?year= → the projects and their
// totals, households, buildings and 小区 counted once each.
func (a *API) listProjects(w http.ResponseWriter, r *http.Request) {
	year, ok := queryYear(w, r)
	if !ok {
		return
	}
	s, err := project.Summary(r.Context(), a.DB, readScope(r), year)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]projectJSON, 0, len(s.Projects))
	for _, p := range s.Projects {
		out = append(out, toProjectJSON(p, a.today()))
	}
	money := func(rows []project.MoneyRow) []map[string]any {
		l := []map[string]any{}
		for _, m := range rows {
			l = append(l, map[string]any{"key": m.Key, "name": m.Name, "budget": yuan(m.BudgetFen), "spent": yuan(m.SpentFen), "projects": m.Projects})
		}
		return l
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"projects": out, "totals": map[string]any{
		"projects": s.Totals.Projects, "budget": yuan(s.Totals.BudgetFen), "spent": yuan(s.Totals.SpentFen),
		"households": s.Totals.Households, "buildings": s.Totals.Buildings, "compounds": s.Totals.Compounds, "streets": s.Totals.Streets,
		"by_programme": money(s.Money.ByProgramme), "by_street": money(s.Money.ByStreet), "by_source": money(s.Money.BySource)}})
}

func (a *API) getProject(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	p, err := project.Get(r.Context(), a.DB, readScope(r), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"project": toProjectJSON(p, a.today())})
}

// listIndicators: GET /api/v1/indicators?year= → every live indicator
// with its quantity summed over the year's projects the caller sees.
func (a *API) listIndicators(w http.ResponseWriter, r *http.Request) {
	year, ok := queryYear(w, r)
	if !ok {
		return
	}
	s, err := project.Summary(r.Context(), a.DB, readScope(r), year)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := []map[string]any{}
	for _, t := range s.Indicators {
		out = append(out, map[string]any{"name": t.Name, "unit": t.Unit, "quantity": t.Quantity})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

func (a *API) listProgrammes(w http.ResponseWriter, r *http.Request) {
	year, ok := queryYear(w, r)
	if !ok {
		return
	}
	ps, err := project.ListProgrammes(r.Context(), a.DB, readScope(r), year)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := []map[string]any{}
	for _, p := range ps {
		out = append(out, map[string]any{"id": p.ID, "region_code": p.RegionCode, "year": p.Year, "batch": p.Batch, "name": p.Name, "published": p.Published})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"programmes": out})
}

func (a *API) createProgramme(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		RegionCode string `json:"region_code"`
		Year       int    `json:"year"`
		Batch      int    `json:"batch"`
		Name       string `json:"name"`
		Published  bool   `json:"published"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	g, err := project.CreateProgramme(r.Context(), a.DB, a.editorOf(r, p), project.Programme{RegionCode: req.RegionCode, Year: req.Year,
		Batch: req.Batch, Name: req.Name, Published: req.Published})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"programme": map[string]any{"id": g.ID, "year": g.Year, "batch": g.Batch, "name": g.Name}})
}

// createProject: amounts in yuan as decimal strings or numbers; funding
// that does not add up to budget is refused.
func (a *API) createProject(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		ProgrammeID int64                  `json:"programme_id"`
		Name        string                 `json:"name"`
		Scope       string                 `json:"scope"`
		Level       string                 `json:"level"`
		Budget      json.Number            `json:"budget"`
		Summary     string                 `json:"summary"`
		Compounds   []int64                `json:"compounds"`
		Buildings   []string               `json:"buildings"`
		WorkItems   []int64                `json:"work_items"`
		Funding     map[string]json.Number `json:"funding"`
		Published   bool                   `json:"published"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	budget, err := project.ParseYuan(req.Budget.String())
	if err != nil {
		fail(w, r, err)
		return
	}
	in := project.Input{ProgrammeID: req.ProgrammeID, Name: req.Name, Scope: req.Scope, Level: req.Level, BudgetFen: budget,
		Summary: req.Summary, EstateIDs: req.Compounds, Buildings: req.Buildings, WorkItems: req.WorkItems, Published: req.Published}
	if len(req.Funding) > 0 {
		in.Funding = map[string]int64{}
		for src, amt := range req.Funding {
			if in.Funding[src], err = project.ParseYuan(amt.String()); err != nil {
				fail(w, r, err)
				return
			}
		}
	}
	var pr project.Project
	err = a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		pr, err = project.Create(r.Context(), tx, a.editorOf(r, p), in)
		return err
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/projects/"+strconv.FormatInt(pr.ID, 10))
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"project": toProjectJSON(pr, a.today())})
}

func (a *API) recordOutput(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		IndicatorID int64 `json:"indicator_id"`
		CompoundID  int64 `json:"compound_id"`
		Quantity    int64 `json:"quantity"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	if err := project.RecordOutput(r.Context(), a.DB, a.editorOf(r, p), id, req.IndicatorID, req.CompoundID, req.Quantity); err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) recordSpending(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		PaidOn string      `json:"paid_on"`
		Amount json.Number `json:"amount"`
		Note   string      `json:"note"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	amt, err := project.ParseYuan(req.Amount.String())
	if err == nil {
		err = project.RecordSpending(r.Context(), a.DB, a.editorOf(r, p), id, req.PaidOn, amt, req.Note)
	}
	if err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) createSection(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Name         string            `json:"name"`
		Contractor   string            `json:"contractor"`
		Supervisor   string            `json:"supervisor"`
		Contract     json.Number       `json:"contract"`
		PlannedStart string            `json:"planned_start"`
		PlannedEnd   string            `json:"planned_end"`
		Milestones   map[string]string `json:"milestones"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	contract, err := project.ParseYuan(req.Contract.String())
	if err != nil {
		fail(w, r, err)
		return
	}
	s, err := project.CreateSection(r.Context(), a.DB, a.editorOf(r, p), id, project.SectionInput{Name: req.Name, Contractor: req.Contractor,
		Supervisor: req.Supervisor, ContractFen: contract, PlannedStart: req.PlannedStart, PlannedEnd: req.PlannedEnd, Milestones: req.Milestones})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"section": map[string]any{"id": s.ID, "name": s.Name}})
}

// reportProgress: multipart form progress, stage, note and an optional
// photo (GPS and time read from its EXIF, then stripped).
func (a *API) reportProgress(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, project.MaxPhotoBytes+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "send multipart/form-data with progress, stage, note and photo — 请用表单提交")
		return
	}
	progress, err := strconv.Atoi(strings.TrimSpace(r.FormValue("progress")))
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "progress must be a whole number from 0 to 100 — 进度须为 0 至 100 的整数")
		return
	}
	in := project.ReportInput{Progress: progress, Stage: r.FormValue("stage"), Note: r.FormValue("note")}
	if f, _, err := r.FormFile("photo"); err == nil {
		in.Photo, err = io.ReadAll(io.LimitReader(f, project.MaxPhotoBytes+1))
		f.Close()
		if err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "could not read the photo")
			return
		}
	}
	rep, err := project.ReportProgress(r.Context(), a.DB, a.editorOf(r, p), a.Uploads, id, in, a.now())
	if err != nil {
		fail(w, r, err)
		return
	}
	out := map[string]any{"id": rep.ID, "progress": rep.Progress, "stage": rep.Stage, "photo": rep.PhotoSHA256}
	if rep.HasPoint {
		out["lat"], out["lng"] = rep.Lat, rep.Lng
	}
	if !rep.TakenAt.IsZero() {
		out["taken_at"] = rep.TakenAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"report": out})
}

func (a *API) completeMilestone(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		DoneOn string `json:"done_on"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	if err := project.CompleteMilestone(r.Context(), a.DB, a.editorOf(r, p), id, r.PathValue("kind"), req.DoneOn); err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// overdueSections: GET /api/v1/projects/overdue — late 标段 in the scope.
func (a *API) overdueSections(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	late, err := project.Overdue(r.Context(), a.DB, p.Scope, a.today())
	if err != nil {
		fail(w, r, err)
		return
	}
	out := []map[string]any{}
	for _, l := range late {
		var ms []string
		for _, m := range l.Late {
			ms = append(ms, m.Name())
		}
		out = append(out, map[string]any{"project_id": l.Project.ID, "project": l.Project.Name, "section_id": l.Section.ID,
			"section": l.Section.Name, "planned_end": l.Section.PlannedEnd, "progress": l.Section.Progress, "late_milestones": ms})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"overdue": out})
}

func (a *API) registerProjectCatalogues(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/work-items", a.listWorkItems)
	mux.HandleFunc("POST /api/v1/work-items", httpx.RequireUser(a.addWorkItem))
	mux.HandleFunc("GET /api/v1/indicator-list", a.listIndicatorCatalogue)
	mux.HandleFunc("POST /api/v1/indicator-list", httpx.RequireUser(a.addIndicator))
}

func (a *API) listWorkItems(w http.ResponseWriter, r *http.Request) {
	ws, err := project.WorkItems(r.Context(), a.DB)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := []map[string]any{}
	for _, it := range ws {
		out = append(out, map[string]any{"id": it.ID, "name": it.Name, "class": it.Class, "class_name": it.ClassName()})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"work_items": out})
}

func (a *API) addWorkItem(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct{ Name, Class string }
	if !decodeBody(w, r, &req) {
		return
	}
	it, err := project.AddWorkItem(r.Context(), a.DB, a.editorOf(r, p), req.Name, req.Class)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"work_item": map[string]any{"id": it.ID, "name": it.Name, "class": it.Class}})
}

func (a *API) listIndicatorCatalogue(w http.ResponseWriter, r *http.Request) {
	ins, err := project.Indicators(r.Context(), a.DB)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := []map[string]any{}
	for _, in := range ins {
		out = append(out, map[string]any{"id": in.ID, "name": in.Name, "unit": in.Unit})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"indicators": out})
}

func (a *API) addIndicator(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct{ Name, Unit string }
	if !decodeBody(w, r, &req) {
		return
	}
	in, err := project.AddIndicator(r.Context(), a.DB, a.editorOf(r, p), req.Name, req.Unit)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"indicator": map[string]any{"id": in.ID, "name": in.Name, "unit": in.Unit}})
}
