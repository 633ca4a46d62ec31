package api

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/ledger"
)

// Ledgers (台账): import from .xlsx or CSV, export to .xlsx, templates.
// The rules (who may, scope, checks, natural keys, masking, audit) are the
// ledger package's and the domains' it calls.

// registerLedgers adds the ledger routes.
func (a *API) registerLedgers(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/ledgers", httpx.RequireUser(a.listLedgers))
	mux.HandleFunc("GET /api/v1/ledgers/{ledger}/template", httpx.RequireUser(a.ledgerTemplate))
	mux.HandleFunc("GET /api/v1/ledgers/{ledger}/export", httpx.RequireUser(a.exportLedger))
	mux.HandleFunc("POST /api/v1/ledgers/{ledger}/import", httpx.RequireUser(a.importLedger))
}

// ledgers is the ledger service over the API's domain services.
func (a *API) ledgers(r *http.Request) *ledger.Service {
	s := &ledger.Service{DB: a.DB, People: a.People, Units: a.Units, Facilities: a.Facilities, Addresses: a.Addresses, Now: a.Now,
		Logger: httpx.Log(r)}
	if a.Locator != nil {
		s.Locator = a.Locator
	}
	return s
}

func (a *API) ledgerActor(w http.ResponseWriter, r *http.Request, p *httpx.Principal) (ledger.Actor, bool) {
	act, err := ledger.ActorFor(r.Context(), a.DB, p.User, p.Scope, httpx.ClientIP(r))
	if err != nil {
		fail(w, r, err)
		return ledger.Actor{}, false
	}
	return act, true
}

type ledgerColumnJSON struct {
	Key      string `json:"key"`
	Title    string `json:"title"`
	Required bool   `json:"required"`
	Hint     string `json:"hint,omitempty"`
}

func (a *API) listLedgers(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	type ledgerJSON struct {
		Name      string             `json:"name"`
		Title     string             `json:"title"`
		MayImport bool               `json:"may_import"`
		Columns   []ledgerColumnJSON `json:"columns"`
	}
	out := make([]ledgerJSON, 0, len(ledger.All))
	for _, l := range ledger.All {
		j := ledgerJSON{Name: l.Name, Title: l.Title, MayImport: ledger.MayImport(p.User.Role, l.Name)}
		for _, c := range l.Columns {
			j.Columns = append(j.Columns, ledgerColumnJSON{c.Key, c.Zh, c.Required, c.Hint})
		}
		out = append(out, j)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"ledgers": out})
}

func ledgerOf(w http.ResponseWriter, r *http.Request) (ledger.Ledger, bool) {
	l, err := ledger.Find(r.PathValue("ledger"))
	if err != nil {
		fail(w, r, err)
		return ledger.Ledger{}, false
	}
	return l, true
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func attachment(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "no-store")
}

func (a *API) ledgerTemplate(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	l, ok := ledgerOf(w, r)
	if !ok {
		return
	}
	attachment(w, l.Title+"模板.xlsx")
	if err := ledger.WriteTemplate(w, l); err != nil {
		fail(w, r, err)
	}
}

// exportLedger writes the ledger in the caller's scope; ?purpose= asks for
// people unmasked (the register decides, and audits every people export).
// A refusal comes before the first byte and is answered as JSON.
func (a *API) exportLedger(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	l, ok := ledgerOf(w, r)
	if !ok {
		return
	}
	act, ok := a.ledgerActor(w, r, p)
	if !ok {
		return
	}
	o := ledger.ExportOptions{Under: r.URL.Query().Get("under"), Purpose: r.URL.Query().Get("purpose")}
	hw := &headerOnWrite{w: w, name: l.Title + ".xlsx"}
	if _, err := a.ledgers(r).Export(r.Context(), act, l.Name, hw, o); err != nil {
		if hw.wrote {
			return // the workbook was under way: the client sees a broken download
		}
		fail(w, r, err)
	}
}

// headerOnWrite sets the download headers at the first byte, so an error
// found before any is still answered as JSON.
type headerOnWrite struct {
	w     http.ResponseWriter
	name  string
	wrote bool
}

func (h *headerOnWrite) Write(b []byte) (int, error) {
	if !h.wrote {
		attachment(h.w, h.name)
		h.wrote = true
	}
	return h.w.Write(b)
}

// maxLedgerUpload bounds an uploaded ledger.
const maxLedgerUpload = ledger.MaxBytes

type problemJSON struct {
	Line    int    `json:"line"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

// importLedger takes the file as the body (any content type but a form)
// or as the "file" field of a multipart form; ?dry_run=1 checks only.
func (a *API) importLedger(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	l, ok := ledgerOf(w, r)
	if !ok {
		return
	}
	act, ok := a.ledgerActor(w, r, p)
	if !ok {
		return
	}
	var body io.Reader = http.MaxBytesReader(w, r.Body, maxLedgerUpload)
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		f, _, err := r.FormFile("file")
		if err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "send the ledger as the body or as the form field \"file\" — 请上传台账文件")
			return
		}
		defer f.Close()
		body = f
	}
	rep, err := a.ledgers(r).Import(r.Context(), act, l.Name, body, r.URL.Query().Get("dry_run") == "1")
	var ps ledger.Problems
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &ps):
		list := make([]problemJSON, len(ps))
		for i, pr := range ps {
			list[i] = problemJSON{pr.Line, pr.Column, pr.Msg}
		}
		httpx.WriteJSON(w, http.StatusBadRequest, map[string]any{
			"error":    httpx.ErrorDetail{Code: "invalid", Message: "nothing imported: the ledger has problems — 台账有问题，未导入任何数据"},
			"problems": list})
		return
	case errors.As(err, &tooBig):
		httpx.WriteError(w, http.StatusRequestEntityTooLarge, "too_large", "the ledger is larger than 64 MiB — 文件过大，请分批导入")
		return
	case errors.Is(err, ledger.ErrFormat):
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	case err != nil:
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"ledger": rep.Ledger, "lines": rep.Lines, "added": rep.Added,
		"unchanged": rep.Unchanged, "dry_run": rep.DryRun})
}
