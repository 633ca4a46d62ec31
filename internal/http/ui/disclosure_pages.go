package ui

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/disclosure"
	"civicgrid/internal/http/httpx"
)

// registerDisclosures adds the 居务公开 pages: the public page of a
// community's notices /public/disclosures (current and archive, by
// category), one notice with its files and revisions, and the staff page
// /disclosures (write, publish, correct with a reason, attach, archive).
func (u *UI) registerDisclosures(mux *http.ServeMux) {
	if u.o.Life == nil || u.o.Life.Notices == nil {
		return
	}
	mux.HandleFunc("GET /public/disclosures", u.disclosuresPublic)
	mux.HandleFunc("GET /public/disclosures/{id}", u.disclosurePublic)
	mux.HandleFunc("GET /public/disclosures/{id}/files/{file}", u.disclosureFile)
	mux.HandleFunc("GET /disclosures", u.signedIn(u.disclosuresStaff))
	mux.HandleFunc("POST /disclosures", u.signedIn(u.disclosureCreate))
	mux.HandleFunc("POST /disclosures/{id}/{step}", u.signedIn(u.disclosureStep))
}

func discLabel(code string, lang Lang) string {
	for _, l := range disclosure.Categories {
		if l.Code == code {
			if lang == LangZH {
				return l.Zh
			}
			return l.En
		}
	}
	return code
}

type discRow struct {
	disclosure.Notice
	CategoryLabel, Published, Archive string
	IsArchived, Scheduled             bool
	Actions                           map[string]bool
	History                           []discRevision
}

type discRevision struct {
	disclosure.Revision
	When string
}

func (u *UI) discRow(n disclosure.Notice, lang Lang, actions []string) discRow {
	now := u.now()
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(shanghaiLocation()).Format("2006-01-02")
	}
	r := discRow{Notice: n, CategoryLabel: discLabel(n.Category, lang), Published: day(n.PublishAt), Archive: day(n.ArchiveAt),
		IsArchived: n.Archived(now), Scheduled: n.Status == disclosure.StatusPublished && n.PublishAt.After(now), Actions: map[string]bool{}}
	for _, a := range actions {
		r.Actions[a] = true
	}
	for _, v := range n.History {
		r.History = append(r.History, discRevision{Revision: v, When: v.ReplacedAt.In(shanghaiLocation()).Format("2006-01-02 15:04")})
	}
	return r
}

type discPublicData struct {
	Community   string
	Category    string
	Communities []medOption
	Categories  []medOption
	Current     []discRow
	Archived    []discRow
	One         *discRow
}

func (u *UI) discCategories(lang Lang) []medOption {
	var out []medOption
	for _, l := range disclosure.Categories {
		out = append(out, medOption{l.Code, discLabel(l.Code, lang)})
	}
	return out
}

func (u *UI) disclosuresPublic(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := httpx.PrincipalFrom(ctx)
	pg := u.newPage(w, r, p, "disc.public.title")
	q := r.URL.Query()
	d := discPublicData{Community: q.Get("community"), Category: q.Get("category"), Categories: u.discCategories(pg.Lang)}
	if area, ok := u.area.get(ctx, u.o.DB); ok {
		var err error
		if d.Communities, err = u.communitiesIn(ctx, area.Code); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	if discLabel(d.Category, LangZH) == d.Category {
		d.Category = ""
	}
	ns, err := u.o.Life.Notices.Public(ctx, d.Community, d.Category, 300)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, n := range ns {
		row := u.discRow(n, pg.Lang, nil)
		if row.IsArchived {
			d.Archived = append(d.Archived, row)
		} else {
			d.Current = append(d.Current, row)
		}
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "disclosures_public", pg)
}

func (u *UI) disclosurePublic(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := httpx.PrincipalFrom(ctx)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	n, err := u.o.Life.Notices.Notice(ctx, id)
	if err != nil {
		u.notFound(w, r)
		return
	}
	pg := u.newPage(w, r, p, "disc.public.title")
	pg.Title = n.Title
	row := u.discRow(n, pg.Lang, nil)
	pg.D = discPublicData{One: &row, Community: n.CommunityCode}
	u.render(w, r, http.StatusOK, "disclosures_public", pg)
}

func (u *UI) disclosureFile(w http.ResponseWriter, r *http.Request) {
	id, err1 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	fid, err2 := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err1 != nil || err2 != nil {
		u.notFound(w, r)
		return
	}
	x, data, err := u.o.Life.Notices.File(r.Context(), nil, id, fid)
	if err != nil {
		u.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", x.ContentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(x.Name))
	w.Write(data)
}

type discStaffData struct {
	Rows        []discRow
	MayWrite    bool
	Communities []medOption
	Categories  []medOption
	Form        map[string]string
	Error, Done string
	ErrorFor    int64
}

func discActorOf(r *http.Request, p *httpx.Principal) disclosure.Actor {
	return disclosure.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

func (u *UI) disclosuresStaff(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderDisclosuresStaff(w, r, p, http.StatusOK, "", 0, nil)
}

func (u *UI) renderDisclosuresStaff(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, errMsg string, errFor int64, form map[string]string) {
	ctx := r.Context()
	if !disclosure.MayRead(p.User.Role) || p.Scope.IsZero() {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	pg := u.newPage(w, r, p, "disc.staff.title")
	act := discActorOf(r, p)
	d := discStaffData{MayWrite: disclosure.MayWrite(p.User.Role), Categories: u.discCategories(pg.Lang), Form: form, Error: errMsg, ErrorFor: errFor}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	if done := r.URL.Query().Get("done"); strings.HasPrefix(done, "disc.done.") {
		d.Done = pg.T(done)
	}
	ns, err := u.o.Life.Notices.List(ctx, act, "", "", 200)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, n := range ns {
		if n, err = u.o.Life.Notices.Get(ctx, act, n.ID); err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Rows = append(d.Rows, u.discRow(n, pg.Lang, disclosure.Actions(act, n, u.now())))
	}
	if d.MayWrite {
		if d.Communities, err = u.communitiesIn(ctx, p.Scope.RegionPrefix()); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	pg.D = d
	u.render(w, r, status, "disclosures_staff", pg)
}

func (u *UI) discRefused(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error, id int64, f map[string]string) {
	switch status := statusOfKind(err); status {
	case http.StatusInternalServerError:
		u.fail(w, r, p, err)
	case http.StatusNotFound:
		u.notFound(w, r)
	default:
		u.renderDisclosuresStaff(w, r, p, status, lifeMessage(err, langOf(w, r)), id, f)
	}
}

func parseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation(time.DateOnly, s, shanghaiLocation())
	return t, err == nil
}

func (u *UI) disclosureCreate(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := formOf(r, "community_code", "category", "title", "body", "archive_at")
	at, ok := parseDay(f["archive_at"])
	if !ok {
		u.renderDisclosuresStaff(w, r, p, http.StatusBadRequest, langOf(w, r).T("disc.err.date"), 0, f)
		return
	}
	if _, err := u.o.Life.Notices.Create(r.Context(), discActorOf(r, p), disclosure.Input{CommunityCode: f["community_code"],
		Category: f["category"], Title: f["title"], Body: f["body"], ArchiveAt: at}); err != nil {
		u.discRefused(w, r, p, err, 0, f)
		return
	}
	http.Redirect(w, r, "/disclosures?done=disc.done.create", http.StatusSeeOther)
}

// disclosureStep runs publish, archive, edit or attach (multipart).
func (u *UI) disclosureStep(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	ctx, act := r.Context(), discActorOf(r, p)
	version, _ := strconv.Atoi(r.FormValue("version"))
	f := formOf(r, "title", "body", "reason", "publish_at", "archive_at")
	step := r.PathValue("step")
	switch step {
	case disclosure.ActionPublish:
		at, ok := parseDay(f["publish_at"])
		if !ok {
			u.renderDisclosuresStaff(w, r, p, http.StatusBadRequest, langOf(w, r).T("disc.err.date"), id, f)
			return
		}
		_, err = u.o.Life.Notices.Publish(ctx, act, id, version, at)
	case disclosure.ActionArchive:
		_, err = u.o.Life.Notices.Archive(ctx, act, id, version)
	case disclosure.ActionEdit:
		at, ok := parseDay(f["archive_at"])
		if !ok {
			u.renderDisclosuresStaff(w, r, p, http.StatusBadRequest, langOf(w, r).T("disc.err.date"), id, f)
			return
		}
		_, err = u.o.Life.Notices.Edit(ctx, act, id, version, disclosure.Input{Title: f["title"], Body: f["body"], ArchiveAt: at}, f["reason"])
	case disclosure.ActionAttach:
		file, fh, ferr := r.FormFile("file")
		if ferr != nil {
			u.renderDisclosuresStaff(w, r, p, http.StatusBadRequest, langOf(w, r).T("disc.err.nofile"), id, f)
			return
		}
		data, rerr := io.ReadAll(io.LimitReader(file, disclosure.MaxAttachment+1))
		file.Close()
		if rerr != nil {
			u.fail(w, r, p, rerr)
			return
		}
		_, err = u.o.Life.Notices.Attach(ctx, act, id, fh.Filename, data)
	default:
		u.notFound(w, r)
		return
	}
	if err != nil {
		u.discRefused(w, r, p, err, id, f)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/disclosures?done=disc.done.%s#notice-%d", step, id), http.StatusSeeOther)
}
