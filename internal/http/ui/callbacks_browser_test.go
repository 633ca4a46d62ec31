package ui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/audit"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
)

// TestBrowserCallbacks: an operator on the callback list sees the
// reporter masked and the handling result, reveals the phone to dial
// (audited with the callback purpose, the phone in no log), records 未接通
// (the attempt is counted and a retry shown, the row goes last), then
// 拒访 (the order leaves the list, closed). Screenshots: callbacks-*.png.
func TestBrowserCallbacks(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	// The real time, so the browser keeps its session cookie.
	clock := ordertest.NewNow(time.Now())
	e := newEnv(t, db, clock.Now)
	g := demoGrid(t, e, streetAdminNode, 0)
	first := dispatchResolved(t, e, fileOrder(t, e, g, order.ChannelHotline, "other.request", "3号楼前路面塌陷一个坑"))
	second := dispatchResolved(t, e, fileOrder(t, e, g, order.ChannelHotline, "other.request", "单元门禁坏了关不上"))

	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "operator", e.creds["operator"])
	b.open("/dispatch/callbacks")
	b.waitVisible("#cb-" + first.Number)
	who := b.text("#cb-reporter-" + first.Number)
	if strings.Contains(who, "13900001234") || !strings.Contains(who, "139****1234") || !strings.Contains(who, "王*") {
		t.Errorf("before the reveal the reporter reads %q, want masked", who)
	}
	if res := b.text("#cb-" + first.Number + " td.result"); !strings.Contains(res, "已联系物业处理完毕") {
		t.Errorf("the handling result reads %q", res)
	}
	b.screenshot("callbacks-list")

	b.submit("#cb-dial-" + first.Number)
	if phone := b.text("#cb-phone-" + first.Number); phone != "13900001234" {
		t.Errorf("revealed phone %q", phone)
	}
	if loc := b.location(); strings.Contains(loc, "1390000") {
		t.Errorf("the phone is in the URL %q", loc)
	}
	entries, err := audit.List(t.Context(), db, audit.Filter{Action: "order.reveal_reporter"})
	if err != nil || len(entries) != 1 || entries[0].Target != "order:"+first.Number ||
		!strings.Contains(entries[0].Detail, "回访") || strings.Contains(entries[0].Detail, "1390000") {
		t.Fatalf("audit %+v, %v", entries, err)
	}
	b.screenshot("callbacks-revealed")
	b.checkConsole("callbacks reveal")

	// 未接通: the attempt is counted, the retry time shown, the row last.
	b.do("no answer", chromedp.Click(chromedp.CSS("#rating-"+first.Number+"-no_answer")))
	b.submit("#callback-submit-" + first.Number)
	b.waitVisible("#cb-attempts-" + first.Number)
	if flag := b.text("#cb-attempts-" + first.Number); !strings.Contains(flag, "未接通 1 次") {
		t.Errorf("attempts flag %q", flag)
	}
	if retry := b.text("#cb-retry-" + first.Number); !strings.Contains(retry, "待重拨") {
		t.Errorf("retry reads %q", retry)
	}
	rows := evalIn[[]string](b, `[...document.querySelectorAll('#callbacks-table tbody tr')].map(r => r.dataset.number)`)
	if len(rows) < 2 || rows[len(rows)-1] != first.Number {
		t.Errorf("rows %v: the unanswered one should wait last", rows)
	}
	b.viewport(phoneW, phoneH)
	b.screenshot("callbacks-phone")
	b.viewport(desktopW, desktopH)

	// 拒访: a callback done; the order closes and leaves the list.
	b.open("/dispatch/callbacks")
	b.do("refused", chromedp.Click(chromedp.CSS("#rating-"+second.Number+"-refused")))
	b.submit("#callback-submit-" + second.Number)
	if n := evalIn[int](b, `document.querySelectorAll('#cb-`+second.Number+`').length`); n != 0 {
		t.Errorf("the refused callback %s is still listed", second.Number)
	}
	o, err := e.app.Orders.Get(t.Context(), e.actor(t, "dispatcher"), second.Number)
	if err != nil || o.Status != order.StatusClosed || o.Rating != "" || o.CallbackAt.IsZero() {
		t.Errorf("after 拒访: %s %q %s, %v", o.Status, o.Rating, o.CallbackAt, err)
	}
	b.checkConsole("callbacks outcomes")
}
