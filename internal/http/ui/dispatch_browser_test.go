package ui_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
)

// TestBrowserDispatch walks the dispatch board (queue, load map, inline
// forms), the callbacks page and the supervision pages, from opening a
// case to its page, in headless Chromium. Screenshots: dispatch-*.png and
// sup-*.png in $CIVICGRID_SCREENSHOTS.
func TestBrowserDispatch(t *testing.T) {
	exe, shots := browserSetup(t)

	db := demoSQLite(t)
	// The real time, so the browser keeps its session cookie; the clock
	// then jumps past the first deadline.
	clock := ordertest.NewNow(time.Now())
	e := newEnv(t, db, clock.Now)
	g := demoGrid(t, e, streetAdminNode, 0)
	soon := fileOrder(t, e, g, order.ChannelHotline, "consult.policy", "想咨询老旧小区加装电梯的补贴政策，需要哪些材料")
	later := fileOrder(t, e, g, order.ChannelHotline, "other.request", "小区门口快递柜占用消防通道，物业不管")
	done := dispatchResolved(t, e, fileOrder(t, e, g, order.ChannelHotline, "other.request", "3号楼前路面塌陷一个坑"))
	back, _ := dispatchDisputed(t, e, fileOrder(t, e, g, order.ChannelHotline, "other.request", "商铺占道经营，人行道走不了"),
		fileOrder(t, e, g, order.ChannelHotline, "other.request", "小区围墙倒塌一段，需要重砌"))
	clock.Advance(soon.ResolveDueAt.Sub(clock.Now()) + time.Hour)

	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "dispatcher", e.creds["dispatcher"])

	// The board: the overdue order first and marked, the map drawn.
	b.open("/dispatch")
	b.waitVisible("#load-map[data-grids]")
	drawn := evalIn[int](b, `document.querySelectorAll('#load-map path.load-grid').length`)
	if want := evalIn[string](b, `document.getElementById('load-map').dataset.grids`); drawn == 0 || fmt.Sprint(drawn) != want {
		t.Fatalf("load map draws %d grids, the GeoJSON had %s", drawn, want)
	}
	if n := evalIn[int](b, `document.querySelectorAll('#load-map path.has-overdue.grid-`+g+`').length`); n != 1 {
		t.Errorf("grid %s is not drawn as having overdue orders (%d)", g, n)
	}
	if open := evalIn[string](b, `document.getElementById('load-map').dataset.open`); open != "4" {
		t.Errorf("the map counts %s open orders, want 4 (two waiting, one returned, one at the street)", open)
	}
	first := evalIn[string](b, `document.querySelector('#dispatch-queue tbody tr').id`)
	if first != "q-"+soon.Number {
		t.Errorf("first queue row %q, want the overdue q-%s", first, soon.Number)
	}
	if cls := evalIn[string](b, `document.getElementById('q-`+soon.Number+`').className`); !strings.Contains(cls, "overdue") {
		t.Errorf("overdue row has class %q", cls)
	}
	// The department list only applies to a department target.
	toggle := `(() => { const f = document.getElementById('dispatch-` + later.Number + `');
	  const l = f.querySelector('.dispatch-level'); l.value = '%s'; l.dispatchEvent(new Event('change'));
	  return f.querySelector('.dispatch-code').disabled; })()`
	if !evalIn[bool](b, fmt.Sprintf(toggle, "street")) || evalIn[bool](b, fmt.Sprintf(toggle, "department")) {
		t.Error("the department select does not follow the target level")
	}
	// A street target names the order's street instead of greying out.
	evalIn[bool](b, fmt.Sprintf(toggle, "street"))
	if to := b.text("#to-" + later.Number); !strings.Contains(to, "北地街道") {
		t.Errorf("sending to the street names %q, want 北地街道", to)
	}
	b.screenshot("dispatch-board-street")
	evalIn[bool](b, fmt.Sprintf(toggle, "department"))
	b.screenshot("dispatch-board")
	b.checkConsole("dispatch board")

	// Dispatch one from its row: back on the board, it has left the queue.
	b.do("choose a department", chromedp.SetValue(chromedp.CSS("#code-"+later.Number), "chengguan"))
	b.typeInto("#note-"+later.Number, "请城管执法局核查消防通道")
	b.submit("#dispatch-submit-" + later.Number)
	if loc := b.location(); !strings.HasPrefix(loc, "/dispatch?") {
		t.Fatalf("after the inline dispatch the browser is at %q", loc)
	}
	if n := evalIn[int](b, `document.querySelectorAll('#q-`+later.Number+`').length`); n != 0 {
		t.Errorf("the dispatched order %s is still in the queue", later.Number)
	}
	// The board says what happened and to whom.
	if msg := b.text("#dispatch-done"); !strings.Contains(msg, later.Number) || !strings.Contains(msg, "已派遣至") || !strings.Contains(msg, "城市管理") {
		t.Errorf("after the dispatch the board says %q", msg)
	}
	b.screenshot("dispatch-done")
	b.checkConsole("inline dispatch")

	// A resident's report the catalogue routes: accepting it sends it on
	// at once, and the board says where, as its row disappears.
	routed, _, err := e.app.Orders.Create(t.Context(), order.ResidentActor("127.0.0.1"), order.Input{Channel: order.ChannelWeb,
		Category: "streetlight.out", Description: "小区南门路灯不亮", GridCode: g, Address: "幸福小区南门", ReporterPhone: "13900002222"})
	if err != nil {
		t.Fatal(err)
	}
	b.open("/dispatch")
	b.submit("#accept-submit-" + routed.Number)
	if n := evalIn[int](b, `document.querySelectorAll('#q-`+routed.Number+`').length`); n != 0 {
		t.Errorf("the routed order %s is still in the queue", routed.Number)
	}
	if msg := b.text("#dispatch-done"); !strings.Contains(msg, routed.Number) || !strings.Contains(msg, "已受理") || !strings.Contains(msg, "城市管理") {
		t.Errorf("after accepting a routed order the board says %q", msg)
	}
	b.screenshot("dispatch-accepted")
	b.checkConsole("accept")
	b.viewport(phoneW, phoneH)
	b.open("/dispatch")
	b.waitVisible("#load-map[data-grids]")
	b.screenshot("dispatch-phone")
	b.viewport(desktopW, desktopH)

	b.open("/dispatch/callbacks")
	b.waitVisible("#callback-" + done.Number)
	b.screenshot("dispatch-callbacks")
	b.do("rate", chromedp.Click(chromedp.CSS("#rating-"+done.Number+"-satisfied")))
	b.submit("#callback-submit-" + done.Number)
	if loc := b.location(); !strings.HasPrefix(loc, "/dispatch/callbacks?") {
		t.Fatalf("after the callback the browser is at %q", loc)
	}
	if n := evalIn[int](b, `document.querySelectorAll('#cb-`+done.Number+`').length`); n != 0 {
		t.Errorf("the rated order %s still awaits its callback", done.Number)
	}
	b.open("/dispatch/disputes")
	b.waitVisible("#r-" + back.Number)
	b.screenshot("dispatch-disputes")
	b.checkConsole("callbacks and disputes")

	// A supervisor opens a case on the overdue order.
	b.submit("header form button[type=submit]") // sign out
	signInAs(t, b, "supervisor", e.creds["supervisor"])
	b.open("/supervision")
	b.waitVisible("#fold-open-" + soon.Number)
	b.screenshot("sup-candidates")
	b.do("unfold the form", chromedp.Click(chromedp.CSS("#fold-open-"+soon.Number)))
	b.waitVisible("#demand-" + soon.Number)
	// An empty textarea has no text to clear: type straight in.
	b.do("type the demand", chromedp.SendKeys(chromedp.CSS("#demand-"+soon.Number), "两个工作日内答复群众并说明超期原因"))
	b.submit("#open-submit-" + soon.Number)
	if loc := b.location(); !strings.HasPrefix(loc, "/supervision/cases/") {
		t.Fatalf("after opening a case the browser is at %q", loc)
	}
	if msg := b.text("#case-done"); !strings.Contains(msg, "已立案") {
		t.Errorf("case page says %q", msg)
	}
	if d := b.text("#case-demand"); d != "两个工作日内答复群众并说明超期原因" {
		t.Errorf("case demand %q", d)
	}
	b.screenshot("sup-case")
	casePath, _, _ := strings.Cut(b.location(), "?")
	b.open("/supervision/cases")
	b.screenshot("sup-cases")
	b.checkConsole("supervision")

	// The order waits at the centre, so a dispatcher answers the case …
	b.submit("header form button[type=submit]")
	signInAs(t, b, "dispatcher", e.creds["dispatcher"])
	b.open(casePath)
	b.do("type the answer", chromedp.SendKeys(chromedp.CSS("#answer"), "已当面答复群众，超期原因是政策口径待确认"))
	b.submit("#answer-submit")
	if msg := b.text("#case-done"); !strings.Contains(msg, "反馈已提交") {
		t.Errorf("after the answer the case page says %q", msg)
	}
	// … and the supervisor closes it with one accountability entry.
	b.submit("header form button[type=submit]")
	signInAs(t, b, "supervisor", e.creds["supervisor"])
	b.open(casePath)
	b.waitVisible("#close-form")
	b.screenshot("sup-case-close")
	b.do("type the outcome", chromedp.SendKeys(chromedp.CSS("#outcome"), "答复属实，督办办结"))
	b.typeInto("#acc-subject-0", "区指挥中心")
	b.do("choose a measure", chromedp.SetValue(chromedp.CSS("#acc-measure-0"), "criticism"))
	b.submit("#close-submit")
	if acc := b.text("#case-accountability"); !strings.Contains(acc, "通报批评") || !strings.Contains(acc, "区指挥中心") {
		t.Errorf("closed case shows accountability %q", acc)
	}
	b.screenshot("sup-case-closed")
	b.checkConsole("answer and close")
}
