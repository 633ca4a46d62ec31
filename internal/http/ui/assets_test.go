package ui

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"civicgrid/web"
)

func TestEmbeddedAssets(t *testing.T) {
	as, err := loadAssets(web.Files)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"htmx/htmx.min.js", "leaflet/leaflet.js", "leaflet/leaflet.css",
		"leaflet/images/layers.png", "echarts/echarts.min.js", "app.css", "app.js", "map.js", "favicon.svg"} {
		u, err := as.URL(name)
		if err != nil {
			t.Errorf("%s: %v (have %v)", name, err, as.names())
			continue
		}
		if !strings.HasPrefix(u, "/static/") || !strings.HasSuffix(u, "/"+name) || len(u) != len("/static/")+assetHashLen+1+len(name) {
			t.Errorf("%s: URL %q", name, u)
		}
	}
	if _, err := as.URL("nope.js"); err == nil {
		t.Error("an unknown asset has a URL")
	}
	// The vendored htmx is 2.0.x, not a later major version.
	if !strings.Contains(string(as.byName["htmx/htmx.min.js"].body), `version:"2.0.`) {
		t.Error("htmx.min.js is not htmx 2.0.x")
	}
}

// A stylesheet's relative images are rewritten to their hash URLs, and the
// stylesheet's own hash follows the image's: change the image, and the
// stylesheet URL changes too.
func TestCSSReferencesFollowImageHashes(t *testing.T) {
	fsys := fstest.MapFS{
		"static/site.css":    {Data: []byte(`a{background:url(img/dot.png)} b{background:url("#x")} c{background:url(data:image/png;base64,AA==)}`)},
		"static/img/dot.png": {Data: []byte("one")},
		"vendor/lib/lib.js":  {Data: []byte("var x;")},
	}
	as, err := loadAssets(fsys)
	if err != nil {
		t.Fatal(err)
	}
	img, _ := as.URL("img/dot.png")
	css := string(as.byName["site.css"].body)
	if !strings.Contains(css, "url("+img+")") || !strings.Contains(css, `url("#x")`) || !strings.Contains(css, "url(data:image/png;base64,AA==)") {
		t.Fatalf("rewritten CSS: %s", css)
	}
	cssURL1, _ := as.URL("site.css")
	fsys["static/img/dot.png"] = &fstest.MapFile{Data: []byte("two")}
	as2, err := loadAssets(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if cssURL2, _ := as2.URL("site.css"); cssURL2 == cssURL1 {
		t.Fatal("the stylesheet URL did not change when its image did")
	}
	// A reference to a file that is not there is refused at start.
	fsys["static/broken.css"] = &fstest.MapFile{Data: []byte(`a{background:url(missing.png)}`)}
	if _, err := loadAssets(fsys); err == nil || !strings.Contains(err.Error(), "missing.png") {
		t.Fatalf("broken reference: %v", err)
	}
}

func TestAssetServing(t *testing.T) {
	as, err := loadAssets(web.Files)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /static/{hash}/{name...}", as.serve)
	u, _ := as.URL("echarts/echarts.min.js")
	get := func(url string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, url, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		return rec
	}
	plain := get(u)
	if plain.Code != 200 || plain.Header().Get("Cache-Control") != immutable ||
		plain.Header().Get("Content-Type") != "text/javascript; charset=utf-8" || plain.Body.Len() != len(as.byName["echarts/echarts.min.js"].body) {
		t.Fatalf("plain: %d %v, %d bytes", plain.Code, plain.Header(), plain.Body.Len())
	}
	gz := get(u, "Accept-Encoding", "gzip, deflate, br")
	if gz.Header().Get("Content-Encoding") != "gzip" || gz.Body.Len() >= plain.Body.Len()/2 {
		t.Fatalf("gzip: %q, %d bytes of %d", gz.Header().Get("Content-Encoding"), gz.Body.Len(), plain.Body.Len())
	}
	if nm := get(u, "If-None-Match", plain.Header().Get("ETag")); nm.Code != http.StatusNotModified {
		t.Fatalf("If-None-Match: %d", nm.Code)
	}
	if stale := get(strings.Replace(u, "/static/", "/static/f", 1)[:len(u)]); stale.Code != http.StatusNotFound {
		t.Fatalf("wrong hash: %d", stale.Code)
	}
	png, _ := as.URL("leaflet/images/layers.png")
	if r := get(png, "Accept-Encoding", "gzip"); r.Header().Get("Content-Type") != "image/png" || r.Header().Get("Content-Encoding") != "" {
		t.Fatalf("png: %v", r.Header())
	}
}
