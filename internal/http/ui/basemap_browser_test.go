package ui_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/server"
)

// legendText is the text of a map's legend entries, joined by "|".
const legendText = `(sel) => [...document.querySelectorAll(sel + ' .bm-legend li')].map(li => li.textContent.trim()).join('|')`

// TestBrowserBaseMap: with no tile server, the resident's report map on a
// phone draws the offline base layer under the grids (roads, the river,
// street and community names, with 小区 and road names once the pin zooms
// in, and the buildings' N号楼 closer still) and a legend of 道路/河流/地名/网格; the grids stay tappable through
// it. Screenshots basemap-*.png.
func TestBrowserBaseMap(t *testing.T) {
	exe, shots := browserSetup(t)
	fmt.Fprintf(os.Stderr, "base map browser screenshots: %s\n", shots)
	e := newEnv(t, demoSQLite(t), nil)
	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(phoneW, phoneH)

	b.open("/report")
	b.waitVisible(`#report-map[data-base="drawn"][data-grids]`)
	for sel, what := range map[string]string{
		"#report-map path.bm-main": "main roads", "#report-map path.bm-road": "roads",
		"#report-map path.bm-river": "the river", "#report-map .bm-street": "street names",
	} {
		if n := evalIn[int](b, `document.querySelectorAll('`+sel+`').length`); n == 0 {
			t.Fatalf("the report map draws no %s (%s)", what, sel)
		}
	}
	// Street names show at the district's zoom; their text is the demo's.
	streets := evalIn[string](b, `[...document.querySelectorAll('#report-map .bm-street')].filter(l => l.offsetParent).map(l => l.textContent).join(' ')`)
	if !strings.Contains(streets, "街道") {
		t.Fatalf("no street name is visible on the district map: %q", streets)
	}
	if got := evalIn[string](b, `(`+legendText+`)('#report-map')`); got != "道路|河流|地名|网格" {
		t.Fatalf("the legend says %q", got)
	}
	// The base layer lies under the grids: a grid still takes the tap.
	p := evalIn[*point](b, portalMapPoint)
	if p == nil {
		t.Fatal("no grid of the report map can be tapped over the base layer")
	}
	b.screenshot("basemap-report-phone")
	b.do("tap the map", chromedp.MouseClickXY(p.X, p.Y))
	b.waitVisible("#report-place .portal-found[data-grid]")
	// Placing the pin zooms in to the blocks: 小区 and road names show.
	b.waitVisible("#report-map.bm-near")
	near := evalIn[string](b, `[...document.querySelectorAll('#report-map .bm-road, #report-map .bm-estate, #report-map .bm-community')]
	  .filter(l => { const r = l.getBoundingClientRect(), m = document.getElementById('report-map').getBoundingClientRect();
	    return l.offsetParent && r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom; })
	  .map(l => l.textContent).join(' ')`)
	if !strings.Contains(near, "路") && !strings.Contains(near, "小区") && !strings.Contains(near, "社区") && !strings.Contains(near, "村") {
		t.Fatalf("zoomed in to the pin, the map names no road, 小区 or community: %q", near)
	}
	b.screenshot("basemap-report-pinned")
	// Closer still, the buildings are named as the demo numbers them.
	// (at a building of the district: the pinned grid may be a large rural
	// one with none in view)
	var lng, lat float64
	if err := e.db.QueryRowContext(context.Background(), `SELECT lng, lat FROM buildings ORDER BY code LIMIT 1`).Scan(&lng, &lat); err != nil {
		t.Fatal(err)
	}
	evalIn[bool](b, fmt.Sprintf(`(() => { const m = civicMap.of(document.getElementById('report-map')); m.setView([%f, %f], 17); return true; })()`, lat, lng))
	b.waitVisible("#report-map .bm-building:not(.bm-hidden)")
	if got := b.text("#report-map .bm-building:not(.bm-hidden)"); !strings.HasSuffix(got, "号楼") && !strings.HasSuffix(got, "号院") {
		t.Fatalf("a building on the map is called %q", got)
	}
	b.screenshot("basemap-report-buildings")
	b.checkConsole("report map with the base layer")

	// The other maps draw it too: the public home map, on a desktop.
	b.viewport(desktopW, desktopH)
	b.open("/")
	b.waitVisible(`#map[data-base="drawn"][data-grids]`)
	if got := evalIn[string](b, `(`+legendText+`)('#map')`); got != "道路|河流|地名|网格" {
		t.Fatalf("the home map's legend says %q", got)
	}
	b.screenshot("basemap-home")
	b.open("/report?lang=en")
	b.waitVisible(`#report-map[data-base="drawn"]`)
	if got := evalIn[string](b, `(`+legendText+`)('#report-map')`); got != "Roads|Rivers|Place names|Grids" {
		t.Fatalf("the English legend says %q", got)
	}
	b.checkConsole("home and English report")
}

// TestBrowserBaseMapTiles: with CIVICGRID_TILE_URL set, the report map
// draws the tile server's tiles (which the browser loads, the content
// security policy allowing that host) and no embedded base layer; the
// legend names only the grids, since the tiles carry their own style.
func TestBrowserBaseMapTiles(t *testing.T) {
	exe, shots := browserSetup(t)
	var served atomic.Int64
	tile := pngTile(t)
	tiles := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(tile)
	}))
	t.Cleanup(tiles.Close)
	// The command line reads CIVICGRID_TILE_URL and CIVICGRID_TILE_ATTRIBUTION
	// (as the README documents) into these options.
	e := newEnv(t, demoSQLite(t), nil)
	app, err := server.New(context.Background(), server.Options{DB: e.db, DataDir: t.TempDir(), Policy: testPolicy(),
		TileURL: tiles.URL + "/base/{z}/{x}/{y}.png", TileAttribution: "© 测试瓦片"})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(app.Handler)
	t.Cleanup(e.srv.Close)
	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(phoneW, phoneH)

	b.open("/report")
	b.waitVisible(`#report-map[data-base="tiles"][data-grids]`)
	b.waitVisible("#report-map img.leaflet-tile-loaded")
	if served.Load() == 0 {
		t.Fatal("the browser asked the tile server for nothing")
	}
	if n := evalIn[int](b, `document.querySelectorAll('#report-map .bm-label, #report-map path.bm-road').length`); n != 0 {
		t.Fatalf("with tiles the map still draws %d base-layer features", n)
	}
	if got := evalIn[string](b, `(`+legendText+`)('#report-map')`); got != "网格" {
		t.Fatalf("with tiles the legend says %q", got)
	}
	if got := b.text("#report-map .leaflet-control-attribution"); !strings.Contains(got, "测试瓦片") {
		t.Fatalf("the attribution says %q", got)
	}
	b.screenshot("basemap-report-tiles")
	b.checkConsole("report map on tiles")
}

// pngTile is a plain 256×256 tile.
func pngTile(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for y := 0; y < 256; y++ {
		for x := 0; x < 256; x++ {
			img.Set(x, y, color.RGBA{0xd8, 0xe6, 0xd0, 0xff})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
