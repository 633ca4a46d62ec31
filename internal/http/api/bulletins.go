package api

import (
	"bytes"
	"net/http"
	"strconv"

	"civicgrid/internal/auth"
	"civicgrid/internal/bulletin"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/zone"
)

// registerBulletins adds the 周报/月报 routes (docs/api.md, "Bulletins").
func (a *API) registerBulletins(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/bulletins/{kind}", httpx.RequireUser(a.bulletin))
	mux.HandleFunc("GET /api/v1/bulletin-recipients", httpx.RequireUser(a.bulletinRecipients))
	mux.HandleFunc("POST /api/v1/bulletin-recipients", httpx.RequireUser(a.addBulletinRecipient))
	mux.HandleFunc("DELETE /api/v1/bulletin-recipients/{id}", httpx.RequireUser(a.removeBulletinRecipient))
}

func bulletinActor(r *http.Request, p *httpx.Principal) bulletin.Actor {
	return bulletin.Actor{Role: p.User.Role, Scope: p.Scope, Audit: auth.ActorOf(p.User, httpx.ClientIP(r))}
}

// bulletin: GET /api/v1/bulletins/{week|month}?node=&date=&format=xlsx —
// the last complete week or month before date (default today).
func (a *API) bulletin(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	q := r.URL.Query()
	b, err := a.Bulletins.Bulletin(r.Context(), bulletinActor(r, p), q.Get("node"), r.PathValue("kind"), q.Get("date"))
	if err != nil {
		fail(w, r, err)
		return
	}
	switch q.Get("format") {
	case "", "json":
		httpx.WriteJSON(w, http.StatusOK, b)
	case "xlsx":
		var buf bytes.Buffer
		lang := bulletin.Chinese
		if q.Get("lang") == "en" {
			lang = bulletin.English
		}
		if err := bulletin.WriteWorkbook(&buf, b, lang, zone.Shanghai()); err != nil {
			fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+bulletin.FileName(b)+`"`)
		w.Write(buf.Bytes())
	default:
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "format: want json or xlsx")
	}
}

func (a *API) bulletinRecipients(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	list, err := a.Bulletins.Recipients(r.Context(), bulletinActor(r, p))
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"recipients": list})
}

func (a *API) addBulletinRecipient(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Node  string `json:"node"`
		Kind  string `json:"kind"`
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	rec, err := a.Bulletins.AddRecipient(r.Context(), bulletinActor(r, p), bulletin.NewRecipient{Node: req.Node, Kind: req.Kind,
		Name: req.Name, Email: req.Email})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, rec)
}

func (a *API) removeBulletinRecipient(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		notFound(w, "recipient")
		return
	}
	if err := a.Bulletins.RemoveRecipient(r.Context(), bulletinActor(r, p), id); err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
