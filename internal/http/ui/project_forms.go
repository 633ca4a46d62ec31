package ui

import (
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// Staff forms on a 小区's renovation page: add a 标段 to a project and
// report a 标段's progress with a site photo (its GPS read, then its EXIF
// stripped). The rules are internal/project's; a refusal shows on the
// page with the domain's message.

// sectionFormArgs is what the section form partials get: the page, the
// 小区 to come back to, the project or section id and its progress.
type sectionFormArgs struct {
	P        *page
	Estate   int64
	ID       int64
	Progress int
}

func init() {
	addFuncs(template.FuncMap{
		"sectionFormArgs": func(p *page, estate, id int64, progress int) sectionFormArgs {
			return sectionFormArgs{P: p, Estate: estate, ID: id, Progress: progress}
		},
		"milestoneKinds": func() []string { return project.MilestoneKinds },
	})
}

func (u *UI) registerProjectForms(mux *http.ServeMux) {
	mux.HandleFunc("POST /projects/{id}/sections", u.signedIn(u.projectSectionForm))
	mux.HandleFunc("POST /sections/{id}/progress", u.signedIn(u.sectionProgressForm))
}

// backToEstate shows the 小区 page again: with the refusal, or after a
// change at the anchor.
func (u *UI) backToEstate(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error, anchor string) {
	estate := r.FormValue("estate")
	if err == nil {
		http.Redirect(w, r, "/public/projects/estates/"+estate+"#"+anchor, http.StatusSeeOther)
		return
	}
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict:
		r.SetPathValue("id", estate)
		d, ok := u.loadEstate(w, r, p)
		if !ok {
			return
		}
		d.Alert = consultAlert(w, r, err)
		u.renderEstate(w, r, p, http.StatusBadRequest, d)
	default:
		u.fail(w, r, p, err)
	}
}

// projectSectionForm: POST /projects/{id}/sections — a 标段 with its
// contract (万元), planned dates and the milestones given.
func (u *UI) projectSectionForm(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	in := project.SectionInput{Name: r.FormValue("name"), Contractor: r.FormValue("contractor"), Supervisor: r.FormValue("supervisor"),
		PlannedStart: r.FormValue("planned_start"), PlannedEnd: r.FormValue("planned_end"), Milestones: map[string]string{}}
	for k := range project.MilestoneNames {
		if v := strings.TrimSpace(r.FormValue("m_" + k)); v != "" {
			in.Milestones[k] = v
		}
	}
	var err error
	if in.ContractFen, err = project.ParseWan(r.FormValue("contract")); err != nil {
		u.backToEstate(w, r, p, err, "")
		return
	}
	var s project.Section
	err = u.o.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		s, err = project.CreateSection(r.Context(), tx, u.editor(r, p), id, in)
		return err
	})
	u.backToEstate(w, r, p, err, "section-"+strconv.FormatInt(s.ID, 10))
}

// sectionProgressForm: POST /sections/{id}/progress — progress 0–100 %
// with a dated, geotagged site photo.
func (u *UI) sectionProgressForm(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := r.ParseMultipartForm(1 << 20); err != nil && err != http.ErrNotMultipart {
		u.backToEstate(w, r, p, errs.New(errs.Invalid, "the form could not be read — 表单无法读取"), "")
		return
	}
	progress, err := strconv.Atoi(strings.TrimSpace(r.FormValue("progress")))
	if err != nil {
		progress = -1 // refused by the domain with its message
	}
	in := project.ReportInput{Progress: progress, Stage: r.FormValue("stage"), Note: r.FormValue("note")}
	if f, _, err := r.FormFile("photo"); err == nil {
		in.Photo, _ = io.ReadAll(io.LimitReader(f, project.MaxPhotoBytes+1))
		f.Close()
	}
	err = u.o.DB.InTx(r.Context(), func(tx *store.Tx) error {
		_, err := project.ReportProgress(r.Context(), tx, u.editor(r, p), u.o.ProjectUploads, id, in, u.now())
		return err
	})
	u.backToEstate(w, r, p, err, "section-"+strconv.FormatInt(id, 10))
}
