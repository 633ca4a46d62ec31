package ui

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"civicgrid/internal/http/httpx"
)

// pageSet holds one parsed template per page: the layout and the partials
// cloned, plus that page's own file.
type pageSet struct {
	byName map[string]*template.Template
}

// sharedFiles are parsed into every page: the layout, the partials and
// every templates/_*.html (pieces several pages use, such as the order
// action forms). A page is any other templates/*.html.
var sharedFiles = []string{"templates/layout.html", "templates/partials.html", "templates/_*.html"}

func isShared(f string) bool {
	return f == sharedFiles[0] || f == sharedFiles[1] || strings.HasPrefix(path.Base(f), "_")
}

func loadPages(fsys fs.FS, as *assets) (*pageSet, error) {
	funcs := template.FuncMap{
		"asset": as.URL,
		// upper and lower bounds for loops in the calendar and paging.
		"add": func(a, b int) int { return a + b },
	}
	for k, v := range extraFuncs {
		funcs[k] = v
	}
	files, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var shared []string
	for _, f := range files {
		if isShared(f) {
			shared = append(shared, f)
		}
	}
	base, err := template.New("layout").Funcs(funcs).ParseFS(fsys, shared...)
	if err != nil {
		return nil, err
	}
	ps := &pageSet{byName: map[string]*template.Template{}}
	for _, f := range files {
		if isShared(f) {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(fsys, f); err != nil {
			return nil, err
		}
		ps.byName[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return ps, nil
}

// execute runs template tmpl of page name into a buffer, so a failing
// template becomes a clean 500 rather than half a page.
func (ps *pageSet) execute(name, tmpl string, data any) ([]byte, error) {
	t, ok := ps.byName[name]
	if !ok {
		return nil, fmt.Errorf("ui: no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, tmpl, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// render writes page name in the layout with status.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	u.write(w, r, status, name, "layout", p)
}

// renderFragment writes one named template of a page without the layout,
// for htmx to swap into the page.
func (u *UI) renderFragment(w http.ResponseWriter, r *http.Request, status int, name, tmpl string, p *page) {
	u.write(w, r, status, name, tmpl, p)
}

func (u *UI) write(w http.ResponseWriter, r *http.Request, status int, name, tmpl string, p *page) {
	body, err := u.pages.execute(name, tmpl, p)
	if err != nil {
		httpx.Log(r).Error("ui: render", "page", name, "path", r.URL.Path, "err", err)
		http.Error(w, "internal error — 服务器内部错误", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", u.contentSecurityPolicy())
	// Pages of signed-in users hold personal data: never stored. Public
	// pages may be kept but must be checked again (the map changes).
	if p.User != nil {
		h.Set("Cache-Control", "no-store")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("Vary", "Cookie")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// contentSecurityPolicy allows only our own scripts and styles: no inline
// script, no eval (htmx is configured without it), images from ourselves
// and the configured tile server.
func (u *UI) contentSecurityPolicy() string {
	img := "'self' data:"
	if src := tileSource(u.o.TileURL); src != "" {
		img += " " + src
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + img +
		"; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
}

// tileSource turns a tile URL template into a CSP source: its scheme and
// host, with Leaflet's {s} subdomain placeholder as a wildcard.
func tileSource(tileURL string) string {
	scheme, rest, ok := strings.Cut(tileURL, "://")
	if !ok || (scheme != "https" && scheme != "http") {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	host = strings.ReplaceAll(host, "{s}", "*")
	if host == "" || strings.ContainsAny(host, "{} ;'\"") {
		return ""
	}
	return scheme + "://" + host
}
