package api

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/disclosure"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/zone"
)

func (a *API) registerDisclosures(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/disclosures", httpx.RequireUser(a.listDisclosures))
	mux.HandleFunc("POST /api/v1/disclosures", httpx.RequireUser(a.createDisclosure))
	mux.HandleFunc("GET /api/v1/disclosures/{id}", httpx.RequireUser(a.getDisclosure))
	mux.HandleFunc("PATCH /api/v1/disclosures/{id}", httpx.RequireUser(a.editDisclosure))
	mux.HandleFunc("POST /api/v1/disclosures/{id}/publish", httpx.RequireUser(a.publishDisclosure))
	mux.HandleFunc("POST /api/v1/disclosures/{id}/archive", httpx.RequireUser(a.archiveDisclosure))
	mux.HandleFunc("POST /api/v1/disclosures/{id}/attachments", httpx.RequireUser(a.attachDisclosure))
	mux.HandleFunc("GET /api/v1/public/disclosures", a.publicDisclosures)
	mux.HandleFunc("GET /api/v1/public/disclosures/{id}", a.publicDisclosure)
	mux.HandleFunc("GET /api/v1/public/disclosures/{id}/attachments/{file}", a.disclosureFile)
}

func disclosureActor(r *http.Request, p *httpx.Principal) disclosure.Actor {
	return disclosure.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

type disclosureFileJSON struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
}

type disclosureRevisionJSON struct {
	Revision   int       `json:"revision"`
	Title      string    `json:"title"`
	Body       string    `json:"body"`
	Reason     string    `json:"reason"`
	ReplacedAt time.Time `json:"replaced_at"`
}

type disclosureJSON struct {
	ID            int64                    `json:"id"`
	CommunityCode string                   `json:"community_code"`
	CommunityName string                   `json:"community_name"`
	Category      string                   `json:"category"`
	Title         string                   `json:"title"`
	Body          string                   `json:"body"`
	Status        string                   `json:"status"`
	PublishAt     *time.Time               `json:"publish_at,omitempty"`
	ArchiveAt     *time.Time               `json:"archive_at,omitempty"`
	Archived      bool                     `json:"archived"`
	Revision      int                      `json:"revision"`
	Version       int                      `json:"version,omitempty"`
	Attachments   []disclosureFileJSON     `json:"attachments,omitempty"`
	History       []disclosureRevisionJSON `json:"history,omitempty"`
	Actions       []string                 `json:"actions,omitempty"`
}

func (a *API) toDisclosureJSON(n disclosure.Notice, staff *disclosure.Actor) disclosureJSON {
	out := disclosureJSON{ID: n.ID, CommunityCode: n.CommunityCode, CommunityName: n.CommunityName, Category: n.Category, Title: n.Title,
		Body: n.Body, Status: n.Status, PublishAt: timeOrNil(n.PublishAt), ArchiveAt: timeOrNil(n.ArchiveAt), Archived: n.Archived(a.now()),
		Revision: n.Revision}
	for _, f := range n.Attachments {
		out.Attachments = append(out.Attachments, disclosureFileJSON{ID: f.ID, Name: f.Name, ContentType: f.ContentType, Size: f.Size,
			URL: "/api/v1/public/disclosures/" + strconv.FormatInt(n.ID, 10) + "/attachments/" + strconv.FormatInt(f.ID, 10)})
	}
	for _, v := range n.History {
		out.History = append(out.History, disclosureRevisionJSON{Revision: v.Revision, Title: v.Title, Body: v.Body, Reason: v.Reason,
			ReplacedAt: v.ReplacedAt.In(zone.Shanghai())})
	}
	if staff != nil {
		out.Version, out.Actions = n.Version, disclosure.Actions(*staff, n, a.now())
	}
	return out
}

func (a *API) writeDisclosure(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, n disclosure.Notice) {
	act := disclosureActor(r, p)
	httpx.WriteJSON(w, status, map[string]any{"notice": a.toDisclosureJSON(n, &act)})
}

type disclosureRequest struct {
	Version       int    `json:"version"`
	CommunityCode string `json:"community_code"`
	Category      string `json:"category"`
	Title         string `json:"title"`
	Body          string `json:"body"`
	ArchiveAt     string `json:"archive_at"` // YYYY-MM-DD, "" for never
	PublishAt     string `json:"publish_at"`
	Reason        string `json:"reason"`
}

// optionalDay reads an optional date (China time) or RFC 3339 time.
func optionalDay(field, s string) (time.Time, bool, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true, ""
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, zone.Shanghai()); err == nil {
		return t, true, ""
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true, ""
	}
	return time.Time{}, false, field + ": want a date like 2026-12-31 — 日期格式应为 2026-12-31"
}

func (req disclosureRequest) input(w http.ResponseWriter) (disclosure.Input, bool) {
	at, ok, msg := optionalDay("archive_at", req.ArchiveAt)
	if !ok {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", msg)
	}
	return disclosure.Input{CommunityCode: req.CommunityCode, Category: req.Category, Title: req.Title, Body: req.Body, ArchiveAt: at}, ok
}

// listDisclosures: GET /api/v1/disclosures?under=&category=
func (a *API) listDisclosures(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	act := disclosureActor(r, p)
	ns, err := a.Life.Notices.List(r.Context(), act, r.URL.Query().Get("under"), r.URL.Query().Get("category"), 0)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]disclosureJSON, 0, len(ns))
	for _, n := range ns {
		out = append(out, a.toDisclosureJSON(n, &act))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"notices": out})
}

func (a *API) createDisclosure(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req disclosureRequest
	if !decodeBody(w, r, &req) {
		return
	}
	in, ok := req.input(w)
	if !ok {
		return
	}
	n, err := a.Life.Notices.Create(r.Context(), disclosureActor(r, p), in)
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/disclosures/"+strconv.FormatInt(n.ID, 10))
	a.writeDisclosure(w, r, p, http.StatusCreated, n)
}

func (a *API) getDisclosure(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	n, err := a.Life.Notices.Get(r.Context(), disclosureActor(r, p), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeDisclosure(w, r, p, http.StatusOK, n)
}

func (a *API) editDisclosure(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req disclosureRequest
	if !decodeBody(w, r, &req) {
		return
	}
	in, ok := req.input(w)
	if !ok {
		return
	}
	n, err := a.Life.Notices.Edit(r.Context(), disclosureActor(r, p), id, req.Version, in, req.Reason)
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeDisclosure(w, r, p, http.StatusOK, n)
}

func (a *API) publishDisclosure(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req disclosureRequest
	if !decodeBody(w, r, &req) {
		return
	}
	at, ok, msg := optionalDay("publish_at", req.PublishAt)
	if !ok {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", msg)
		return
	}
	n, err := a.Life.Notices.Publish(r.Context(), disclosureActor(r, p), id, req.Version, at)
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeDisclosure(w, r, p, http.StatusOK, n)
}

func (a *API) archiveDisclosure(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req disclosureRequest
	if !decodeBody(w, r, &req) {
		return
	}
	n, err := a.Life.Notices.Archive(r.Context(), disclosureActor(r, p), id, req.Version)
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeDisclosure(w, r, p, http.StatusOK, n)
}

// attachDisclosure: multipart with one "file" (PDF or image).
func (a *API) attachDisclosure(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, disclosure.MaxAttachment+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "send multipart/form-data with a file — 请用表单上传附件")
		return
	}
	defer r.MultipartForm.RemoveAll()
	f, fh, err := r.FormFile("file")
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "no file in the form field \"file\" — 请选择附件")
		return
	}
	data, err := io.ReadAll(io.LimitReader(f, disclosure.MaxAttachment+1))
	f.Close()
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "could not read the file — 附件读取失败")
		return
	}
	x, err := a.Life.Notices.Attach(r.Context(), disclosureActor(r, p), id, fh.Filename, data)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"attachment": disclosureFileJSON{ID: x.ID, Name: x.Name, ContentType: x.ContentType, Size: x.Size,
		URL: "/api/v1/public/disclosures/" + strconv.FormatInt(id, 10) + "/attachments/" + strconv.FormatInt(x.ID, 10)}})
}

// publicDisclosures: GET /api/v1/public/disclosures?community=&category=
func (a *API) publicDisclosures(w http.ResponseWriter, r *http.Request) {
	ns, err := a.Life.Notices.Public(r.Context(), r.URL.Query().Get("community"), r.URL.Query().Get("category"), 0)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]disclosureJSON, 0, len(ns))
	for _, n := range ns {
		out = append(out, a.toDisclosureJSON(n, nil))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"notices": out})
}

func (a *API) publicDisclosure(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	n, err := a.Life.Notices.Notice(r.Context(), id)
	reply(w, r, http.StatusOK, map[string]any{"notice": a.toDisclosureJSON(n, nil)}, err)
}

func (a *API) disclosureFile(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	fileID, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil {
		httpx.WriteError(w, http.StatusNotFound, "not_found", "no such file")
		return
	}
	x, data, err := a.Life.Notices.File(r.Context(), nil, id, fileID)
	if err != nil {
		fail(w, r, err)
		return
	}
	serveAttachment(w, x, data)
}

// serveAttachment sends a stored file: inline for images and PDFs, with
// its name, never sniffed as something else.
func serveAttachment(w http.ResponseWriter, x disclosure.Attachment, data []byte) {
	w.Header().Set("Content-Type", x.ContentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", "inline; filename*=UTF-8''"+urlPathEscape(x.Name))
	w.Write(data)
}

func urlPathEscape(s string) string { return url.PathEscape(s) }
