package ui

import (
	"errors"
	"html/template"
	"mime"
	"net/http"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/sheet"
)

// Every list and report a person may take away is an export: .xlsx for
// people (Chinese offices exchange workbooks) and .csv for machines, from
// one table definition (internal/sheet).

// Export formats, the extension of each export route.
const (
	formatXLSX = "xlsx"
	formatCSV  = "csv"
)

// table is one sheet of an export: its name, typed columns, and Rows,
// which writes the rows one at a time through emit (so a ledger of any
// length is never held whole).
type table struct {
	Name string
	Cols []sheet.Column
	Rows func(emit func(values ...any) error) error
}

// exportHandler is a handler that writes one export in format.
type exportHandler func(w http.ResponseWriter, r *http.Request, p *httpx.Principal, format string)

// exportRoutes registers GET path.xlsx and path.csv for h behind guard.
func exportRoutes(mux *http.ServeMux, path string, guard func(handler) http.HandlerFunc, h exportHandler) {
	for _, f := range []string{formatXLSX, formatCSV} {
		mux.HandleFunc("GET "+path+"."+f, guard(func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
			h(w, r, p, f)
		}))
	}
}

// download sends tables as a download named base.format. A CSV holds one
// table: give it one. Nothing is sent before the first byte of the file,
// so an error while reading the rows still gets an error page; an error
// after that aborts the response rather than end a file short.
func (u *UI) download(w http.ResponseWriter, r *http.Request, p *httpx.Principal, format, base string, tables ...table) {
	dw := &downloadWriter{w: w}
	var out sheet.Writer
	if format == formatCSV {
		if len(tables) != 1 {
			u.fail(w, r, p, errors.New("ui: a CSV export holds one table"))
			return
		}
		out = sheet.NewCSV(dw, shanghaiLocation())
	} else {
		out = sheet.NewXLSX(dw, shanghaiLocation())
	}
	dw.header = func() {
		h := w.Header()
		h.Set("Content-Type", out.ContentType())
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": base + "." + out.Ext()}))
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
	}
	err := writeTables(out, tables)
	if err == nil {
		err = out.Close()
	}
	if err == nil {
		return
	}
	if !dw.started {
		u.fail(w, r, p, err)
		return
	}
	httpx.Log(r).Error("ui: export broke off", "path", r.URL.Path, "err", err)
	panic(http.ErrAbortHandler)
}

func writeTables(out sheet.Writer, tables []table) error {
	for _, t := range tables {
		if err := out.Sheet(t.Name, t.Cols); err != nil {
			return err
		}
		if err := t.Rows(out.Row); err != nil {
			return err
		}
	}
	return nil
}

// downloadWriter sets the download's headers at its first byte.
type downloadWriter struct {
	w       http.ResponseWriter
	header  func()
	started bool
}

func (d *downloadWriter) Write(b []byte) (int, error) {
	if !d.started {
		d.started = true
		d.header()
	}
	return d.w.Write(b)
}

// rateCell is a rate for a percent column: blank when nothing was there
// to judge (never 0%).
func rateCell(defined bool, value float64) any {
	if !defined {
		return nil
	}
	return value
}

// exportArgs is what the "ledger-export" partial gets: the page (for
// labels), the id prefix and the two download links.
type exportArgs struct {
	Page      *page
	ID        string
	XLSX, CSV string
}

func init() {
	// exports base query: links to base.xlsx?query and base.csv?query.
	addFuncs(template.FuncMap{"exports": func(p *page, id, base, query string) exportArgs {
		if query != "" {
			query = "?" + query
		}
		return exportArgs{Page: p, ID: id, XLSX: base + ".xlsx" + query, CSV: base + ".csv" + query}
	}})
}
