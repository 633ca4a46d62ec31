package ui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// assetHashLen is how many hex digits of the SHA-256 go into an asset URL:
// 64 bits, far beyond any chance of two versions of one file colliding.
const assetHashLen = 16

// immutable is the Cache-Control of a content-hash URL: its bytes can never
// change, so a browser keeps it for a year without asking again.
const immutable = "public, max-age=31536000, immutable"

// asset is one file served at /static/<hash>/<name>.
type asset struct {
	name        string // logical name, e.g. "leaflet/leaflet.js"
	hash        string
	contentType string
	body        []byte

	gzipOnce sync.Once
	gzipped  []byte // nil when compression does not pay
}

func (a *asset) url() string { return "/static/" + a.hash + "/" + a.name }

// compressible says whether gzip helps: text does, PNGs are compressed already.
func (a *asset) compressible() bool {
	return strings.HasPrefix(a.contentType, "text/") || strings.Contains(a.contentType, "javascript") ||
		strings.Contains(a.contentType, "svg") || strings.Contains(a.contentType, "json")
}

// gzipBody compresses once, on first demand, so start-up stays fast.
func (a *asset) gzipBody() []byte {
	a.gzipOnce.Do(func() {
		if !a.compressible() || len(a.body) < 1024 {
			return
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(a.body)
		_ = zw.Close()
		if buf.Len() < len(a.body) {
			a.gzipped = buf.Bytes()
		}
	})
	return a.gzipped
}

// assets is every file under web/static and web/vendor, by logical name:
// the path below static/ or vendor/.
type assets struct {
	byName map[string]*asset
}

// cssURL matches url(...) in a stylesheet, quoted or not.
var cssURL = regexp.MustCompile(`url\(\s*(['"]?)([^'")]+)(['"]?)\s*\)`)

// loadAssets reads static/ and vendor/ from fsys and hashes every file.
// Stylesheets are hashed after their relative url(...) references are
// rewritten to the referenced files' own hash URLs, so a changed image also
// changes the URL of the stylesheet that points at it.
func loadAssets(fsys fs.FS) (*assets, error) {
	as := &assets{byName: map[string]*asset{}}
	var css []*asset
	for _, root := range []string{"static", "vendor"} {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			body, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			name := strings.TrimPrefix(p, root+"/")
			if _, dup := as.byName[name]; dup {
				return fmt.Errorf("ui: asset %q is both in static/ and vendor/", name)
			}
			a := &asset{name: name, contentType: contentType(name), body: body}
			as.byName[name] = a
			if path.Ext(name) == ".css" {
				css = append(css, a)
			} else {
				a.hash = hashOf(body)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, a := range css {
		body, err := as.rewriteCSS(a)
		if err != nil {
			return nil, err
		}
		a.body, a.hash = body, hashOf(body)
	}
	return as, nil
}

// rewriteCSS points relative url(...) references of a stylesheet at the
// hash URLs of the files they name. Data URIs, fragments and absolute URLs
// are left alone; a relative reference to a file we do not have is an error,
// caught when the server starts rather than as a broken image.
func (as *assets) rewriteCSS(a *asset) ([]byte, error) {
	var missing []string
	out := cssURL.ReplaceAllFunc(a.body, func(m []byte) []byte {
		sub := cssURL.FindSubmatch(m)
		ref := string(sub[2])
		if strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "/") ||
			strings.Contains(ref, "://") {
			return m
		}
		target, ok := as.byName[path.Join(path.Dir(a.name), ref)]
		if !ok || target.hash == "" {
			missing = append(missing, ref)
			return m
		}
		return []byte("url(" + target.url() + ")")
	})
	if len(missing) > 0 {
		return nil, fmt.Errorf("ui: %s refers to files that are not assets: %s", a.name, strings.Join(missing, ", "))
	}
	return out, nil
}

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:assetHashLen]
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".geojson": // the base map (web/static/basemap); "json" makes it compressible
		return "application/geo+json"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// URL is the content-hash URL of a named asset, for the template func
// "asset". An unknown name is an error, so a typo fails the page (and the
// tests that render every page) instead of shipping a broken link.
func (as *assets) URL(name string) (string, error) {
	a, ok := as.byName[name]
	if !ok {
		return "", fmt.Errorf("ui: no asset named %q", name)
	}
	return a.url(), nil
}

// names lists the logical names, sorted (for tests and error messages).
func (as *assets) names() []string {
	out := make([]string, 0, len(as.byName))
	for n := range as.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// serve answers GET /static/{hash}/{name...}. Only the current hash of a
// name is served: an old or made-up hash is a 404, never the current bytes
// under a URL that promises other ones.
func (as *assets) serve(w http.ResponseWriter, r *http.Request) {
	a, ok := as.byName[r.PathValue("name")]
	if !ok || r.PathValue("hash") != a.hash {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	etag := `"` + a.hash + `"`
	h.Set("Cache-Control", immutable)
	h.Set("ETag", etag)
	if a.compressible() {
		h.Set("Vary", "Accept-Encoding")
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", a.contentType)
	body := a.body
	if acceptsGzip(r) {
		if gz := a.gzipBody(); gz != nil {
			h.Set("Content-Encoding", "gzip")
			body = gz
		}
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// acceptsGzip reads Accept-Encoding loosely: every browser sends gzip, and
// one that sends "gzip;q=0" does not exist in practice.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		if strings.TrimSpace(strings.SplitN(part, ";", 2)[0]) == "gzip" {
			return true
		}
	}
	return false
}
