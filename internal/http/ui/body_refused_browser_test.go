package ui_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A resident's report whose description hides a text-direction control
// (U+202E) is refused on a phone with a page in Chinese naming the
// field, and no order is filed. Screenshot body-refused.png.
func TestBrowserReportWithBidiControlIsRefused(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	b := newBrowser(t, exe, e.srv.URL, shots)
	var before int
	if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM orders`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	b.viewport(phoneW, phoneH)
	b.open("/report")
	b.waitVisible("#report-map[data-grids]")
	// Typed keys cannot carry a format character; a paste can, so the
	// value is set as a paste would.
	b.do("describe", chromedp.SendKeys(chromedp.CSS("#report-description"), "小区北门路灯不亮，晚上看不见路"))
	b.do("paste a control", chromedp.SetValue(chromedp.CSS("#report-description"), "小区北门路灯不亮\u202e，晚上看不见路"))
	portalSettle(t, b)
	b.do("choose 其他诉求", chromedp.SetValue(chromedp.CSS("#report-category-all"), "other.request"))
	walkChanged(b, "report-category-all")
	portalSettle(t, b)
	p := evalIn[*point](b, portalMapPoint)
	if p == nil {
		t.Fatal("no grid of the report map can be tapped")
	}
	b.do("tap the map", chromedp.MouseClickXY(p.X, p.Y))
	b.waitVisible("#report-place .portal-found[data-grid]")
	b.typeInto("#report-name", "赵六")
	b.typeInto("#report-phone", "13700002468")
	if status := b.submit("#report-submit"); status != 400 {
		t.Fatalf("the report answered %d, want 400: %s", status, b.text("main"))
	}
	b.screenshot("body-refused")
	if msg := b.text("main"); !strings.Contains(msg, "“诉求内容”") || !strings.Contains(msg, "控制字符") || strings.Contains(msg, "description") {
		t.Fatalf("refusal page says %q", msg)
	}
	var after int
	if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM orders`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Fatalf("a refused report filed %d orders", after-before)
	}
}
