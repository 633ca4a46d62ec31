package api

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/project"
)

// 民生实事: a year's list, open to residents where published.

func (a *API) registerLivelihood(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/livelihood", a.listLivelihood)
	mux.HandleFunc("POST /api/v1/livelihood", httpx.RequireUser(a.addLivelihood))
	mux.HandleFunc("POST /api/v1/livelihood/{id}/reports", httpx.RequireUser(a.reportLivelihood))
}

func (a *API) listLivelihood(w http.ResponseWriter, r *http.Request) {
	year, ok := queryYear(w, r)
	if !ok {
		return
	}
	if year == 0 {
		year = a.now().In(shanghai).Year()
	}
	its, err := project.Items(r.Context(), a.DB, readScope(r), year)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := []map[string]any{}
	for _, it := range its {
		reps := []map[string]any{}
		for _, rp := range it.Reports {
			reps = append(reps, map[string]any{"quarter": rp.Quarter, "done": rp.DoneQuantity, "note": rp.Note, "evidence": rp.EvidenceSHA != ""})
		}
		out = append(out, map[string]any{"id": it.ID, "seq": it.Seq, "title": it.Title, "target": it.TargetQuantity, "unit": it.Unit,
			"lead_department": it.LeadDepartment, "deadline": it.Deadline, "done": it.Done, "percent": it.Percent(),
			"status": it.StatusOn(a.today()), "reports": reps})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"year": year, "items": out})
}

func (a *API) addLivelihood(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		RegionCode     string `json:"region_code"`
		Year           int    `json:"year"`
		Title          string `json:"title"`
		Target         int64  `json:"target"`
		Unit           string `json:"unit"`
		LeadDepartment string `json:"lead_department"`
		Deadline       string `json:"deadline"`
		Published      bool   `json:"published"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	it, err := project.AddItem(r.Context(), a.DB, a.editorOf(r, p), project.Item{RegionCode: req.RegionCode, Year: req.Year, Title: req.Title,
		TargetQuantity: req.Target, Unit: req.Unit, LeadDepartment: req.LeadDepartment, Deadline: req.Deadline, Published: req.Published})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"item": map[string]any{"id": it.ID, "seq": it.Seq, "title": it.Title}})
}

// reportLivelihood: multipart quarter, done (cumulative), note and an
// optional evidence file.
func (a *API) reportLivelihood(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, project.MaxPhotoBytes+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "send multipart/form-data with quarter, done, note and evidence — 请用表单提交")
		return
	}
	quarter, err1 := strconv.Atoi(strings.TrimSpace(r.FormValue("quarter")))
	done, err2 := strconv.ParseInt(strings.TrimSpace(r.FormValue("done")), 10, 64)
	if err1 != nil || err2 != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "quarter and done must be whole numbers — 季度和完成数量须为整数")
		return
	}
	rep := project.ItemReport{Quarter: quarter, DoneQuantity: done, Note: r.FormValue("note")}
	var evidence []byte
	if f, h, err := r.FormFile("evidence"); err == nil {
		evidence, err = io.ReadAll(io.LimitReader(f, project.MaxPhotoBytes+1))
		f.Close()
		if err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "could not read the evidence")
			return
		}
		rep.EvidenceName = h.Filename
	}
	if err := project.ReportQuarter(r.Context(), a.DB, a.editorOf(r, p), a.Uploads, id, rep, evidence, a.now()); err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
