package ui

import (
	"errors"
	"mime"
	"net/http"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/ledger"
)

// registerLedgers adds the 台账 page: download a ledger's template, export
// a ledger of the caller's area to .xlsx (people masked, or unmasked with a
// stated purpose where the register allows), and import a filled-in
// ledger (.xlsx or CSV) with a dry run first. The ledger package and the
// domains it calls decide who may do what.
func (u *UI) registerLedgers(mux *http.ServeMux) {
	mux.HandleFunc("GET /ledgers", u.signedIn(u.ledgersPage))
	mux.HandleFunc("POST /ledgers/import", u.signedIn(u.ledgersImport))
	mux.HandleFunc("GET /ledgers/{ledger}/template", u.signedIn(u.ledgersTemplate))
	mux.HandleFunc("GET /ledgers/{ledger}/export", u.signedIn(u.ledgersExport))
	mux.HandleFunc("POST /ledgers/{ledger}/export", u.signedIn(u.ledgersExport))
}

type ledgerCard struct {
	Name, Title, Columns string
	MayImport, MayExport bool
}

type ledgerProblem struct {
	Line         int
	Column, Text string
}

type ledgersData struct {
	Ledgers     []ledgerCard
	Unmasked    bool // the people ledger may be exported unmasked
	Selected    string
	Report      *ledger.Report
	Problems    []ledgerProblem
	More        bool // the list stopped at ledger.MaxProblems
	Error       string
	PurposeFor  string // the ledger whose purpose was refused
	PurposeText string
}

func (u *UI) ledgerService(r *http.Request) *ledger.Service {
	s := &ledger.Service{DB: u.o.DB, People: u.o.People, Units: u.o.Units, Facilities: u.o.Facilities, Now: u.o.Now,
		Logger: httpx.Log(r)}
	if u.o.Locator != nil {
		s.Locator = u.o.Locator
	}
	return s
}

func (u *UI) ledgersPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderLedgers(w, r, p, http.StatusOK, ledgersData{})
}

func (u *UI) renderLedgers(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d ledgersData) {
	if p.Scope.IsZero() || !ledger.MayUse(p.User.Role) || u.o.People == nil {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	pg := u.newPage(w, r, p, "lio.title")
	for _, l := range ledger.All {
		c := ledgerCard{Name: l.Name, Title: pg.T("lio.ledger." + l.Name), MayImport: ledger.MayImport(p.User.Role, l.Name),
			MayExport: ledger.MayExport(p.User.Role, l.Name)}
		for i, col := range l.Columns {
			if i > 0 {
				c.Columns += pg.T("lio.sep")
			}
			if pg.Lang == LangZH {
				c.Columns += col.Zh
			} else {
				c.Columns += col.Key
			}
		}
		d.Ledgers = append(d.Ledgers, c)
	}
	d.Unmasked = ledger.MayExportUnmasked(p.User.Role)
	pg.D = d
	u.render(w, r, status, "ledgers", pg)
}

func (u *UI) ledgerActor(w http.ResponseWriter, r *http.Request, p *httpx.Principal) (ledger.Actor, bool) {
	a, err := ledger.ActorFor(r.Context(), u.o.DB, p.User, p.Scope, httpx.ClientIP(r))
	if err != nil {
		u.fail(w, r, p, err)
		return ledger.Actor{}, false
	}
	return a, true
}

// ledgersImport takes the uploaded file; every problem is listed with its
// line and nothing is written, or the page says what was added.
func (u *UI) ledgersImport(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	lang := langOf(w, r)
	d := ledgersData{Selected: r.FormValue("ledger")}
	act, ok := u.ledgerActor(w, r, p)
	if !ok {
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		d.Error = lang.T("lio.err.nofile")
		u.renderLedgers(w, r, p, http.StatusBadRequest, d)
		return
	}
	defer file.Close()
	rep, err := u.ledgerService(r).Import(r.Context(), act, d.Selected, file, r.FormValue("dry_run") == "1")
	var ps ledger.Problems
	switch {
	case errors.As(err, &ps):
		d.Error = lang.Tf("lio.err.problems", len(ps))
		for _, pr := range ps {
			d.Problems = append(d.Problems, ledgerProblem{pr.Line, pr.Column, langPart(pr.Msg, lang)})
		}
		d.More = len(ps) >= ledger.MaxProblems
		u.renderLedgers(w, r, p, http.StatusBadRequest, d)
		return
	case errors.Is(err, ledger.ErrFormat):
		d.Error = lang.T("lio.err.format")
		u.renderLedgers(w, r, p, http.StatusBadRequest, d)
		return
	case err != nil:
		u.fail(w, r, p, err)
		return
	}
	d.Report = &rep
	u.renderLedgers(w, r, p, http.StatusOK, d)
}

// langPart picks one language of a message written "中文 (English)".
func langPart(msg string, lang Lang) string {
	for i := len(msg) - 1; i > 0; i-- {
		if msg[i] == '(' && i > 0 && msg[i-1] == ' ' && msg[len(msg)-1] == ')' {
			if lang == LangEN {
				return msg[i+1 : len(msg)-1]
			}
			return msg[:i-1]
		}
	}
	return msg
}

func ledgerDownload(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "no-store")
}

func (u *UI) ledgersTemplate(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	l, err := ledger.Find(r.PathValue("ledger"))
	if err != nil {
		u.notFound(w, r)
		return
	}
	ledgerDownload(w, l.Title+"模板.xlsx")
	if err := ledger.WriteTemplate(w, l); err != nil {
		u.fail(w, r, p, err)
	}
}

// ledgersExport downloads a ledger of the caller's area; a POST with a
// purpose exports people unmasked (the register checks and audits it).
func (u *UI) ledgersExport(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	l, err := ledger.Find(r.PathValue("ledger"))
	if err != nil {
		u.notFound(w, r)
		return
	}
	act, ok := u.ledgerActor(w, r, p)
	if !ok {
		return
	}
	o := ledger.ExportOptions{Under: r.URL.Query().Get("under")}
	if r.Method == http.MethodPost {
		o.Purpose = r.FormValue("purpose")
		if o.Purpose == "" {
			o.Purpose = " " // asked for unmasked: an empty purpose is refused, not a masked file
		}
	}
	dl := &downloadOnWrite{w: w, name: l.Title + ".xlsx"}
	if _, err := u.ledgerService(r).Export(r.Context(), act, l.Name, dl, o); err != nil {
		if dl.started {
			return
		}
		var fe interface{ Zh() string }
		if errors.As(err, &fe) {
			u.renderLedgers(w, r, p, http.StatusBadRequest, ledgersData{PurposeFor: l.Name,
				Error: langOf(w, r).T("lio.err.purpose")})
			return
		}
		u.fail(w, r, p, err)
	}
}

// downloadOnWrite sets the download headers at the first byte, so a
// refusal before it is still a page.
type downloadOnWrite struct {
	w       http.ResponseWriter
	name    string
	started bool
}

func (d *downloadOnWrite) Write(b []byte) (int, error) {
	if !d.started {
		ledgerDownload(d.w, d.name)
		d.started = true
	}
	return d.w.Write(b)
}
