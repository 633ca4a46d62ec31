package ui_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/order"
)

// TestBrowserParkedAndReturnUpstream shows the parked-messages page with a
// message the SMS provider refused, on a desk screen and a phone, and the
// order page of an upstream order with its 退回上级平台 form.
func TestBrowserParkedAndReturnUpstream(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	o := fileOrder(t, e, demoGrid(t, e, streetAdminNode, 0), order.ChannelHotline, "other.request", "小区路灯不亮，短信平台故障时的测试单")
	parkOutbox(t, db, o, "notice: SMS provider: 503 Service Unavailable")
	up, _, err := e.app.Orders.Create(context.Background(), order.UpstreamActor("benxi-12345", "210504"), order.Input{
		Channel: order.ChannelUpstream, Category: "other.request", Description: "市平台转来：邻区管线漏水，实为平山区管辖",
		GridCode: demoGrid(t, e, streetAdminNode, 0), Address: "永光小区北门", ReporterName: "赵六", ReporterPhone: "13700001111"})
	if err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "admin", e.creds["admin"])
	b.open("/admin/outbox")
	if got := b.text("#parked"); !strings.Contains(got, o.Number) || !strings.Contains(got, "503 Service Unavailable") {
		t.Fatalf("parked list shows %q", got)
	}
	b.screenshot("outbox")
	b.viewport(phoneW, phoneH)
	b.open("/admin/outbox")
	noSidewaysScroll(t, b, "outbox")
	b.screenshot("outbox-phone")
	b.viewport(desktopW, desktopH)
	b.checkConsole("outbox")

	d := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, d, "dispatcher", e.creds["dispatcher"])
	d.open("/orders/" + up.Number)
	d.do("open 退回上级平台", chromedp.Click(chromedp.CSS("#order-more-return_upstream-open")))
	d.waitVisible("#order-return_upstream-reason")
	if got := d.text("#order-action-return_upstream"); !strings.Contains(got, "退回上级平台") {
		t.Fatalf("return form shows %q", got)
	}
	d.do("type the reason", chromedp.SendKeys(chromedp.CSS("#order-return_upstream-reason"), "管线属于平山区，请市平台改派"))
	d.screenshot("order-return-upstream")
	d.submit("#order-return_upstream-submit")
	if got := orderNow(t, e, up.Number); got.Status != order.StatusCancelled {
		t.Fatalf("after the return: %s, want cancelled", got.Status)
	}
	if got := d.text("#order-timeline"); !strings.Contains(got, "退回上级平台") || !strings.Contains(got, "管线属于平山区") {
		t.Errorf("timeline after the return: %q", got)
	}
	d.screenshot("order-returned-upstream")
	d.checkConsole("order-return-upstream")
}
