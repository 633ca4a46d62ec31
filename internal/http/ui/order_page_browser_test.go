package ui_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"civicgrid/internal/grid"
	"civicgrid/internal/order"
)

// TestBrowserOrderPage: a dispatcher opens an order and dispatches it to
// 城管 (chengguan); the department user signs and resolves it with a
// photo. Screenshots: order-*.png in $CIVICGRID_SCREENSHOTS.
func TestBrowserOrderPage(t *testing.T) {
	exe, shots := browserSetup(t)
	e := newEnv(t, demoSQLite(t), nil)
	o := orderBrowserOrder(t, e)
	path := "/orders/" + o.Number
	b := newBrowser(t, exe, e.srv.URL, shots)

	signInAs(t, b, "dispatcher", e.creds["dispatcher"])
	if st := b.open("/orders?q=" + o.Number); st != 200 {
		t.Fatalf("search answered %d", st)
	}
	if row := b.text(`tr[data-number="` + o.Number + `"]`); !strings.Contains(row, o.Number) {
		t.Fatalf("search row: %q", row)
	}
	b.screenshot("order-list")
	b.checkConsole("order list")

	if st := b.open(path); st != 200 {
		t.Fatalf("order page answered %d", st)
	}
	b.waitVisible("#order-map.leaflet-container")
	b.waitVisible("#order-action-dispatch")
	b.do("dispatch target",
		chromedp.SetValue(chromedp.CSS("#order-dispatch-level"), "department"),
		chromedp.SetValue(chromedp.CSS("#order-dispatch-code"), "chengguan"))
	b.do("note", chromedp.SendKeys(chromedp.CSS("#order-dispatch-note"), "请城管执法局核查处理"))
	b.screenshot("order-dispatcher")
	b.checkConsole("order page")
	if st := b.submit("#order-dispatch-submit"); st != 200 {
		t.Fatalf("dispatch ended on %d", st)
	}
	if loc := b.location(); loc != path {
		t.Fatalf("after dispatch the browser is at %q", loc)
	}
	orderBrowserStatus(t, b, order.StatusDispatched)
	b.screenshot("order-dispatched")
	b.checkConsole("after dispatch")

	if _, err := chromedp.Call(b.ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	signInAs(t, b, "department", e.creds["department"])
	b.open(path)
	// A return without a reason: the browser's own check is bypassed to
	// see the server's answer, with the form kept and the field marked.
	// Signing is the likely next step: drawn open; returning is folded.
	if !evalIn[bool](b, `document.getElementById("order-action-sign").checkVisibility() && !document.getElementById("order-action-return").checkVisibility()`) {
		t.Error("the department should see 签收 first and the return form folded")
	}
	b.do("unfold the return", chromedp.Click(chromedp.CSS("#order-more-return-open")))
	evalIn[bool](b, `document.getElementById("order-return-reason").required = false; true`)
	if st := b.submit("#order-return-submit"); st != 400 {
		t.Fatalf("return without a reason answered %d", st)
	}
	if msg := b.text("#order-return-reason-error"); msg == "" {
		t.Fatal("no message next to the reason")
	}
	b.screenshot("order-error")
	b.checkConsole("return without reason", "status of 400")
	if st := b.submit("#order-sign-submit"); st != 200 {
		t.Fatalf("sign ended on %d", st)
	}
	orderBrowserStatus(t, b, order.StatusProcessing)
	b.waitVisible("#order-action-resolve")
	b.do("result", chromedp.SendKeys(chromedp.CSS("#order-resolve-note"), "已拆除违规占道摊点，现场恢复通行"))
	file := filepath.Join(t.TempDir(), "现场照片.png")
	if err := os.WriteFile(file, orderPhotoPNG(t), 0o644); err != nil {
		t.Fatal(err)
	}
	b.do("choose photo", chromedp.SetUploadFiles(chromedp.CSS("#order-resolve-photo"), []string{file}))
	b.screenshot("order-department")
	if st := b.submit("#order-resolve-submit"); st != 200 {
		t.Fatalf("resolve ended on %d", st)
	}
	orderBrowserStatus(t, b, order.StatusResolved)
	b.waitVisible(".order-photos img")
	// Visible is not loaded: wait until the browser has finished with the
	// image (complete), then it must have pixels.
	for deadline := time.Now().Add(10 * time.Second); !evalIn[bool](b, `document.querySelector('.order-photos img').complete`); {
		if time.Now().After(deadline) {
			t.Fatal("the evidence photo is still loading after 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if w := evalIn[float64](b, `document.querySelector('.order-photos img').naturalWidth`); w == 0 {
		t.Fatal("the evidence photo does not load")
	}
	if tl := b.text("#order-timeline"); !strings.Contains(tl, "已拆除违规占道摊点") {
		t.Fatalf("timeline lacks the resolution: %q", tl)
	}
	b.screenshot("order-resolved")
	b.checkConsole("after resolve")

	// A form whose token no longer matches the session: the HTML page.
	evalIn[bool](b, `document.querySelector('#order-reveal input[name=csrf_token]').value = 'stale'; true`)
	b.typeInto("#order-reveal-purpose", "核实办理情况")
	if st := b.submit("#order-reveal-submit"); st != 403 {
		t.Fatalf("a stale token answered %d", st)
	}
	if msg := b.text("main"); !strings.Contains(msg, "页面已过期，请返回刷新后重试") {
		t.Fatalf("stale token page: %q", msg)
	}
	b.screenshot("order-csrf")
	b.checkConsole("stale token", "status of 403")
}

func orderBrowserStatus(t *testing.T, b *browser, want order.Status) {
	t.Helper()
	if got := evalIn[string](b, `document.getElementById('order-status').dataset.status`); got != string(want) {
		t.Fatalf("the page shows status %q, want %q\n%s", got, want, b.text("main"))
	}
}

// orderBrowserOrder files a pending order with a map point in a grid of
// 北地街道 (the centre of the grid's bounds, else the grid alone).
func orderBrowserOrder(t *testing.T, e *env) order.Order {
	t.Helper()
	ctx := context.Background()
	g, err := grid.Get(ctx, e.db, demoGrid(t, e, streetAdminNode, 0))
	if err != nil {
		t.Fatal(err)
	}
	c := g.Bound.Center()
	in := order.Input{Channel: order.ChannelHotline, Category: "other.request", Description: "小区东门人行道被流动摊点占用，行人只能走机动车道，存在安全隐患。",
		Point: &order.Point{Lng: c[0], Lat: c[1]}, Address: "北地街道某小区东门", ReporterName: "李四", ReporterPhone: "13700005678"}
	op := e.actor(t, "operator")
	o, _, err := e.app.Orders.Create(ctx, op, in)
	if err != nil {
		in.Point, in.GridCode = nil, g.Code
		if o, _, err = e.app.Orders.Create(ctx, op, in); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

// orderPhotoPNG is a small real picture, so the thumbnail shows.
func orderPhotoPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 160, 120))
	for y := 0; y < 120; y++ {
		for x := 0; x < 160; x++ {
			img.Set(x, y, color.RGBA{R: uint8(60 + x/2), G: uint8(120 + y/2), B: 90, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
