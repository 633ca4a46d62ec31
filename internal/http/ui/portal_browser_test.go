package ui_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/order"
)

// portalMapPoint finds a point on screen where a grid polygon of the
// report map is the topmost element, and that grid's code.
const portalMapPoint = `(() => {
  document.getElementById('report-map').scrollIntoView({block: 'center'});
  for (const p of document.querySelectorAll('#report-map path.grid')) {
    const r = p.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (r.width < 8 || r.height < 8) continue;
    if (document.elementFromPoint(x, y) === p) {
      const code = [...p.classList].find(c => /^grid-\d{15}$/.test(c)).slice(5);
      return {x: x, y: y, code: code};
    }
  }
  return null;
})()`

// TestBrowserPortal: on a phone, a resident fills the report form, pins
// the place by tapping the map, sends it, reads the number, tracks it and
// rates the result. Screenshots portal-*.png.
func TestBrowserPortal(t *testing.T) {
	exe, shots := browserSetup(t)
	fmt.Fprintf(os.Stderr, "portal browser screenshots: %s\n", shots)

	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(phoneW, phoneH)

	// The form, empty.
	if status := b.open("/report"); status != 200 {
		t.Fatalf("/report answered %d", status)
	}
	b.waitVisible("#report-map[data-grids]")
	if n := evalIn[int](b, `document.querySelectorAll('#report-map path.grid').length`); n == 0 {
		t.Fatal("the report map draws no grids")
	}
	noSidewaysScroll(t, b, "report")
	unlabelled := evalIn[int](b, `[...document.querySelectorAll('#report-form input:not([type=hidden]), #report-form select, #report-form textarea')].filter(i => !i.labels || i.labels.length === 0).length`)
	if unlabelled != 0 {
		t.Fatalf("%d inputs of the report form have no label", unlabelled)
	}
	b.screenshot("portal-report")

	// Typing suggests categories; choosing one brings its fields.
	// (typeInto clears first, which an empty textarea refuses.)
	b.do("type the description", chromedp.SendKeys(chromedp.CSS("#report-description"), "小区3号楼门口的路灯不亮了，晚上很黑"))
	b.waitVisible(`input[name=category][value="streetlight.out"]`)
	portalSettle(t, b)
	b.do("choose the category", chromedp.Click(chromedp.CSS(`label[for="report-cat-streetlight.out"]`)))
	b.waitVisible("#report-attr-pole_number")
	// Typing on changes the suggestions but keeps the choice.
	b.do("type more", chromedp.SendKeys(chromedp.CSS("#report-description"), "，楼上邻居也说太暗"))
	portalSettle(t, b)
	b.waitVisible(`input[name=category][value="noise.disturb"]`)
	if !evalIn[bool](b, `document.querySelector('input[name=category][value="streetlight.out"]').checked`) {
		t.Fatal("typing on lost the chosen category")
	}
	b.waitVisible("#report-attr-pole_number")

	// Tap the map: the pin's grid shows.
	p := evalIn[*point](b, portalMapPoint)
	if p == nil {
		t.Fatal("no grid of the report map can be tapped")
	}
	b.do("tap the map", chromedp.MouseClickXY(p.X, p.Y))
	b.waitVisible("#report-place .portal-found[data-grid]")
	if got := evalIn[string](b, `document.querySelector('#report-place .portal-found').dataset.grid`); got != p.Code {
		t.Fatalf("tapped grid %s, the form says %s", p.Code, got)
	}
	if lat := b.value("#report-lat"); lat == "" {
		t.Fatal("the pin left no latitude in the form")
	}
	b.typeInto("#report-name", "李四")

	// Forgetting the phone: the form comes back with everything kept,
	// the pin and its grid included, and says what is missing.
	if status := b.submit("#report-submit"); status != 400 {
		t.Fatalf("a report without a phone answered %d", status)
	}
	b.waitVisible("#report-phone-error")
	if v := b.value("#report-description"); !strings.Contains(v, "路灯不亮") {
		t.Fatalf("the description came back as %q", v)
	}
	if !evalIn[bool](b, `document.querySelector('input[name=category][value="streetlight.out"]').checked`) {
		t.Fatal("the chosen category was lost")
	}
	if got := evalIn[string](b, `(document.querySelector('#report-place [data-grid]') || {dataset: {}}).dataset.grid || ''`); got != p.Code {
		t.Fatalf("after the correction the pin is in %q, want %s", got, p.Code)
	}
	b.waitVisible("#report-map .portal-pin")
	b.screenshot("portal-report-error")
	b.checkConsole("report error", "status of 400")
	b.typeInto("#report-phone", "13912345678")
	b.screenshot("portal-report-filled")
	b.checkConsole("report form")

	if status := b.submit("#report-submit"); status != 201 {
		t.Fatalf("sending the report answered %d: %s", status, b.text("main"))
	}
	number := strings.TrimSpace(b.text("#report-number"))
	if len(number) < 8 {
		t.Fatalf("the done page shows number %q", number)
	}
	channel, g, _ := portalOrderRow(t, db, number)
	if channel != order.ChannelWeb || g != p.Code {
		t.Fatalf("order %s: channel %s grid %s, want web in %s", number, channel, g, p.Code)
	}
	noSidewaysScroll(t, b, "done")
	b.screenshot("portal-done")
	b.checkConsole("done")

	// Track it by number and the last 4 digits.
	b.submit("#report-track-link")
	if v := b.value("#track-number"); v != number {
		t.Fatalf("the tracking form starts with %q, want %s", v, number)
	}
	b.typeInto("#track-last4", "5678")
	if status := b.submit("#track-submit"); status != 200 {
		t.Fatalf("tracking answered %d", status)
	}
	if s := b.text("#track-status"); !strings.Contains(s, "待受理") {
		t.Fatalf("tracking shows status %q", s)
	}
	noSidewaysScroll(t, b, "track")
	b.screenshot("portal-track")

	// Once resolved, the resident rates it.
	portalResolve(t, e, number)
	b.open("/track?number=" + number + "&last4=5678")
	b.do("choose 满意", chromedp.Click(chromedp.CSS(`label[for="rate-satisfied"]`)))
	b.do("type a comment", chromedp.SendKeys(chromedp.CSS("#rate-note"), "修得很快，谢谢"))
	b.screenshot("portal-rate")
	if status := b.submit("#rate-submit"); status != 200 {
		t.Fatalf("rating answered %d", status)
	}
	if s := b.text("#track-status"); !strings.Contains(s, "已归档") {
		t.Fatalf("after rating the status is %q", s)
	}
	if tl := b.text("#track-timeline"); !strings.Contains(tl, "满意") || !strings.Contains(tl, "修得很快") {
		t.Fatalf("the timeline lacks the rating: %q", tl)
	}
	b.screenshot("portal-rated")
	b.checkConsole("track and rate")

	// A wrong number: the neutral answer.
	if status := b.open("/track?number=209901019999&last4=0000"); status != 404 {
		t.Fatalf("an unknown number answered %d", status)
	}
	if msg := b.text("#track-alert"); !strings.Contains(msg, "未找到匹配的工单") {
		t.Fatalf("an unknown number says %q", msg)
	}
	b.screenshot("portal-track-notfound")
	b.checkConsole("not found", "status of 404")

	// The public measures, on a phone too.
	b.open("/public/measures")
	noSidewaysScroll(t, b, "measures")
	b.screenshot("portal-measures")
	b.checkConsole("measures")

	// The form in English.
	b.open("/report?lang=en")
	b.waitVisible("#report-map[data-grids]")
	noSidewaysScroll(t, b, "report (English)")
	b.screenshot("portal-report-en")
	b.checkConsole("report in English")
	b.open("/report?lang=zh-CN")

	// And on a desktop.
	b.viewport(desktopW, desktopH)
	b.open("/report")
	b.waitVisible("#report-map[data-grids]")
	b.screenshot("portal-report-desktop")
	b.checkConsole("report on a desktop")
}

// portalSettle waits until the suggestions asked for while typing (after
// a pause of 350 ms) have arrived.
func portalSettle(t *testing.T, b *browser) {
	t.Helper()
	time.Sleep(450 * time.Millisecond)
	deadline := time.Now().Add(10 * time.Second)
	for evalIn[bool](b, `!!document.querySelector('.htmx-request')`) {
		if time.Now().After(deadline) {
			t.Fatal("htmx requests still running after 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
