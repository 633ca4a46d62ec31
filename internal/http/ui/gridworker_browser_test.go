package ui_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"civicgrid/internal/order"
)

// TestBrowserGridWorker walks the grid worker's phone pages in headless
// Chromium at phone size: the desk, then a patrol report whose position
// comes first from a refused geolocation (the map fallback shows) and then
// from a granted, faked one inside the worker's grid; a photo is attached
// and the order is filed. Then the admin's category catalogue. Screenshots:
// gw-*.png and cat-*.png in $CIVICGRID_SCREENSHOTS.
func TestBrowserGridWorker(t *testing.T) {
	exe, shots := browserSetup(t)

	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	ctx := context.Background()
	mine := gwMyGrid(t, e)
	open := fileOrder(t, e, mine.GridCode, order.ChannelHotline, "corridor.clutter", "2号楼楼道堆放大量纸箱，影响通行")
	photo := filepath.Join(t.TempDir(), "find.png")
	if err := os.WriteFile(photo, gwPNG(t), 0o644); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "grid", e.creds["grid"])
	b.viewport(phoneW, phoneH)

	// The desk: my grid's open order as a card, the report button.
	b.open("/grid")
	b.waitVisible(`#gw-tasks li[data-number="` + open.Number + `"]`)
	if h := evalIn[float64](b, `document.getElementById('gw-report-link').getBoundingClientRect().height`); h < 44 {
		t.Errorf("the report button is %.0f px high: too small a touch target", h)
	}
	noSidewaysScroll(t, b, "grid desk")
	b.screenshot("gw-home")
	b.checkConsole("grid desk")

	// The report: geolocation refused first.
	origin := e.srv.URL
	setGeo := func(setting cdpbrowser.PermissionSetting) {
		t.Helper()
		if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: "geolocation"}, Setting: setting, Origin: origin,
			// The test's own browser context (newBrowser), not the shared process's default.
			BrowserContextID: chromedp.FromContext(b.ctx).BrowserContextID}); err != nil {
			t.Fatal(err)
		}
	}
	setGeo(cdpbrowser.PermissionSettingDenied)
	b.open("/grid/report")
	b.waitVisible("#gw-locate")
	b.do("press the GPS button", chromedp.Click(chromedp.CSS("#gw-locate")))
	b.waitVisible("#gw-map[data-grids]")
	gwWaitText(t, b, "#gw-locate-status", "未获准")
	if n := evalIn[int](b, `document.querySelectorAll('#gw-map path.grid-`+mine.GridCode+`').length`); n != 1 {
		t.Errorf("the fallback map does not draw my grid %s (%d)", mine.GridCode, n)
	}
	noSidewaysScroll(t, b, "report, geolocation refused")
	b.screenshot("gw-report-denied")
	b.checkConsole("report, geolocation refused")

	// Granted, at a point inside my grid.
	lat, lng := gwPointIn(t, e, mine.GridCode)
	flat, _ := strconv.ParseFloat(lat, 64)
	flng, _ := strconv.ParseFloat(lng, 64)
	acc := 10.0
	setGeo(cdpbrowser.PermissionSettingGranted)
	if _, err := chromedp.Call(b.ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{
		Latitude: &flat, Longitude: &flng, Accuracy: &acc}); err != nil {
		t.Fatal(err)
	}
	b.do("press the GPS button", chromedp.Click(chromedp.CSS("#gw-locate")))
	gwWaitText(t, b, "#gw-locate-status", mine.GridName)
	if got := b.value("#gw-lat"); got != lat {
		t.Errorf("hidden lat %q, want %q", got, lat)
	}
	// A category proposed from the description, chosen with a tap.
	// (typeInto clears first, which an empty textarea does not allow.)
	b.do("describe", chromedp.SendKeys(chromedp.CSS("#gw-description"), "楼道里堆满了杂物，堵住了消防通道"))
	b.waitVisible(`#gw-suggest .gw-chip[data-code="corridor.clutter"]`)
	b.do("tap the suggestion", chromedp.Click(chromedp.CSS(`#gw-suggest .gw-chip[data-code="corridor.clutter"]`)))
	if v := b.value("#gw-category"); v != "corridor.clutter" {
		t.Fatalf("the chip chose %q", v)
	}
	b.do("attach the photo", chromedp.SetUploadFiles(chromedp.CSS("#gw-photo"), []string{photo}))
	noSidewaysScroll(t, b, "report, filled in")
	b.screenshot("gw-report-filled")
	b.checkConsole("report, filled in")

	if status := b.submit("#gw-submit"); status != 200 {
		t.Fatalf("submit: %d", status)
	}
	b.waitVisible("#gw-created-number")
	number := strings.TrimSpace(b.text("#gw-created-number"))
	o, err := e.app.Orders.Get(ctx, e.actor(t, "grid"), number)
	if err != nil {
		t.Fatalf("order %q: %v", number, err)
	}
	if o.Channel != order.ChannelPatrol || o.GridCode != mine.GridCode || o.Category != "corridor.clutter" {
		t.Fatalf("order %s: channel %s grid %s category %s", number, o.Channel, o.GridCode, o.Category)
	}
	if ps, err := e.app.Orders.Photos(ctx, e.actor(t, "grid"), number); err != nil || len(ps) != 1 {
		t.Fatalf("photos of %s: %v (%d)", number, err, len(ps))
	}
	b.screenshot("gw-report-done")
	b.checkConsole("report filed")

	// The admin's catalogue.
	b.viewport(desktopW, desktopH)
	b.submit(`form[action="/signout"] button`)
	signInAs(t, b, "admin", e.creds["admin"])
	b.open("/admin/categories")
	b.waitVisible("#cat-corridor\\.clutter")
	b.screenshot("cat-list")
	b.checkConsole("catalogue")
	b.do("edit", chromedp.Click(chromedp.CSS(`#cat-corridor\.clutter a.cat-edit-link`)))
	b.waitVisible("#cat-edit-form")
	b.typeInto("#cat-edit-resolve-days", "5")
	b.screenshot("cat-edit")
	if status := b.submit("#cat-save"); status != 200 {
		t.Fatalf("save: %d", status)
	}
	b.waitVisible("#cat-saved")
	if got := b.text("#cat-corridor\\.clutter"); !strings.Contains(got, "5个工作日") {
		t.Errorf("the saved row shows %q", got)
	}
	b.viewport(phoneW, phoneH)
	b.open("/admin/categories/corridor.clutter")
	noSidewaysScroll(t, b, "category edit on a phone")
	b.screenshot("cat-edit-phone")
	b.checkConsole("catalogue edit")
}

// gwWaitText waits until the text of sel contains want.
func gwWaitText(t *testing.T, b *browser, sel, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	got := ""
	for time.Now().Before(deadline) {
		got = evalIn[string](b, `(document.querySelector('`+sel+`') || {}).textContent || ''`)
		if strings.Contains(got, want) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s shows %q, want it to contain %q", sel, got, want)
}
