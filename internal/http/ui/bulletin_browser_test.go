package ui_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserBulletin: the leader's weekly bulletin on a desktop, on a
// phone and as printed (A4, no menus, bars drawn).
func TestBrowserBulletin(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	gridCode := demoGrid(t, e, "210504", 0)
	for _, d := range []struct{ cat, text string }{{"streetlight.out", "路灯不亮三天了"}, {"streetlight.out", "小区路灯闪烁"},
		{"other.request", "楼道堆放杂物"}} {
		fileOrder(t, e, gridCode, "hotline", d.cat, d.text)
	}
	today := time.Now().In(shanghai())
	monday := today.AddDate(0, 0, 7-(int(today.Weekday())+6)%7)
	path := "/bulletin?" + url.Values{"node": {"210504"}, "kind": {"week"}, "date": {monday.Format(time.DateOnly)}}.Encode()

	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "leader", e.creds["leader"])
	if status := b.open(path); status != 200 {
		t.Fatalf("%s answered %d", path, status)
	}
	if got := b.text("#bulletin-received strong"); got != "3" {
		t.Errorf("受理量 shows %q, want 3", got)
	}
	if n := evalIn[int](b, `document.querySelectorAll('#bulletin-categories tr').length`); n == 0 {
		t.Error("no category rows")
	}
	if !evalIn[bool](b, `!document.getElementById('bulletin-print').hidden`) {
		t.Error("the print button stays hidden (its script did not run)")
	}
	b.screenshot("bulletin-desktop")
	b.checkConsole("bulletin")

	b.viewport(phoneW, phoneH)
	b.open(path)
	noSidewaysScroll(t, b, "bulletin")
	b.screenshot("bulletin-phone")

	b.viewport(1240, 1754) // A4 at 150 dpi
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	b.open(path)
	if evalIn[bool](b, `getComputedStyle(document.querySelector('header.top')).display !== 'none'`) {
		t.Error("the menu bar prints")
	}
	if evalIn[bool](b, `getComputedStyle(document.getElementById('bulletin-filters')).display !== 'none'`) {
		t.Error("the filter form prints")
	}
	b.screenshot("bulletin-print")
}
