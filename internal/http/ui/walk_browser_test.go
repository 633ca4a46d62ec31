package ui_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserWalk follows one order through every desk in a real
// Chromium, as issue 4 asks: a resident reports it on a phone, the
// operator sees it in today's queue, the command centre accepts and
// dispatches it to 城管, the department signs and resolves it, the centre
// calls back with a rating, the leader's 满意率 changes, and the resident
// sees it closed. Screenshots walk-*.png.
func TestBrowserWalk(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	b := newBrowser(t, exe, e.srv.URL, shots)

	// The leader's dashboard before: no callback yet, no 满意率.
	signInAs(t, b, "leader", e.creds["leader"])
	b.open("/measures")
	before := walkFigure(b, "satisfaction_rate")
	received := walkFigure(b, "received")
	b.checkConsole("dashboard before")

	// 1. A resident reports on a phone: description, category, a pin.
	b.submit(`form[action="/signout"] button`)
	b.viewport(phoneW, phoneH)
	b.open("/report")
	b.waitVisible("#report-map[data-grids]")
	b.do("describe", chromedp.SendKeys(chromedp.CSS("#report-description"), "小区北门外空地上有人私自搭了铁皮围挡，占了人行道，不知道该找哪个部门"))
	portalSettle(t, b)
	// 其他诉求: the catalogue leaves it to the centre to decide who handles it.
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
	// Typing starts htmx look-ups; a submit while one runs aborts it, which
	// htmx logs as a console error although nothing is wrong on the page.
	portalSettle(t, b)
	b.screenshot("walk-1-resident-report")
	if status := b.submit("#report-submit"); status != 201 {
		t.Fatalf("the report answered %d: %s", status, b.text("main"))
	}
	number := strings.TrimSpace(b.text("#report-number"))
	b.screenshot("walk-1-resident-number")
	b.checkConsole("resident")

	// 2. The operator sees it in today's queue.
	b.viewport(desktopW, desktopH)
	signInAs(t, b, "operator", e.creds["operator"])
	b.open("/console")
	b.waitVisible(`#console-today tr[data-number="` + number + `"]`)
	b.screenshot("walk-2-operator-queue")
	b.checkConsole("operator")

	// 3. The command centre accepts it and dispatches it to 城管 (chengguan).
	switchUser(t, b, "dispatcher", e.creds["dispatcher"])
	b.open("/dispatch")
	b.waitVisible("#accept-submit-" + number)
	b.screenshot("walk-3-board-new")
	b.submit("#accept-submit-" + number)
	b.waitVisible("#dispatch-" + number)
	b.do("choose the level", chromedp.SetValue(chromedp.CSS("#level-"+number), "department"))
	walkChanged(b, "level-"+number)
	b.do("choose 城管", chromedp.SetValue(chromedp.CSS("#code-"+number), "chengguan"))
	b.screenshot("walk-3-board-dispatch")
	b.submit("#dispatch-submit-" + number)
	b.open("/orders/" + number)
	if s := b.text("#order-handler"); !strings.Contains(s, "城市管理") {
		t.Fatalf("after dispatch the handler is %q", s)
	}
	b.checkConsole("dispatcher")

	// 4. The department signs in its inbox and resolves on the order page.
	switchUser(t, b, "department", e.creds["department"])
	b.open("/inbox")
	sign := `#inbox-sign tr[data-number="` + number + `"] button.inbox-sign-button`
	b.waitVisible(sign)
	b.screenshot("walk-4-inbox")
	b.submit(sign)
	b.open("/orders/" + number)
	b.waitVisible("#order-resolve-note")
	// (typeInto clears first, which an empty textarea refuses.)
	b.do("resolution note", chromedp.SendKeys(chromedp.CSS("#order-resolve-note"), "已责令拆除违规围挡，人行道已恢复通行"))
	b.submit("#order-resolve-submit")
	if s := evalIn[string](b, `document.getElementById('order-status').dataset.status`); s != "resolved" {
		t.Fatalf("after resolving the status is %q", s)
	}
	b.screenshot("walk-4-resolved")
	b.checkConsole("department")

	// 5. The centre calls the resident back: 满意.
	switchUser(t, b, "dispatcher", e.creds["dispatcher"])
	b.open("/dispatch/callbacks")
	b.waitVisible("#callback-" + number)
	b.do("rate 满意", chromedp.Click(chromedp.CSS("#rating-"+number+"-satisfied")))
	b.do("callback note", chromedp.SendKeys(chromedp.CSS("#cbnote-"+number), "居民表示围挡已拆除，满意"))
	b.screenshot("walk-5-callback")
	b.submit("#callback-submit-" + number)
	b.checkConsole("callback")

	// 6. The leader's figure has changed.
	switchUser(t, b, "leader", e.creds["leader"])
	b.open("/measures")
	after := walkFigure(b, "satisfaction_rate")
	if after == before || after != "1" {
		t.Fatalf("满意率 before %q, after %q: want it to become 1", before, after)
	}
	if got := walkFigure(b, "received"); got == received {
		t.Fatalf("received stayed at %q", got)
	}
	b.screenshot("walk-6-dashboard")
	b.checkConsole("dashboard after")

	// 7. The resident sees it closed, with the reply.
	b.submit(`form[action="/signout"] button`)
	b.viewport(phoneW, phoneH)
	b.open("/track?number=" + number + "&last4=2468")
	if s := evalIn[string](b, `document.getElementById('track-status').dataset.status`); s != "closed" {
		t.Fatalf("the resident sees status %q", s)
	}
	b.screenshot("walk-7-resident-closed")
	b.checkConsole("resident tracks")
}

// walkFigure is a headline figure's raw value on the dashboard.
func walkFigure(b *browser, id string) string {
	b.t.Helper()
	return evalIn[string](b, `(document.querySelector('#measure-`+id+`') || {dataset: {}}).dataset.value || ''`)
}

// walkChanged tells the page a select changed, as a person choosing would.
func walkChanged(b *browser, id string) {
	b.t.Helper()
	evalIn[bool](b, `document.getElementById('`+id+`').dispatchEvent(new Event('change', {bubbles: true}))`)
}
