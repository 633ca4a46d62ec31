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

// TestBrowserSupervisionPaged: /supervision shows one page of candidates
// with a pager, each open-case form folded under its button, and opening
// one form closes the one opened before. Screenshots: sup-paged-*.png.
func TestBrowserSupervisionPaged(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	// The real time, so the browser keeps its session cookie; the clock
	// then jumps past the deadline of 22 orders: more than one page.
	clock := ordertest.NewNow(time.Now())
	e := newEnv(t, db, clock.Now)
	g := demoGrid(t, e, streetAdminNode, 0)
	var last order.Order
	for i := range 22 {
		last = fileOrder(t, e, g, order.ChannelHotline, "other.request", fmt.Sprintf("小区%d号楼前垃圾堆放多日无人清运", i+1))
	}
	clock.Advance(last.ResolveDueAt.Sub(clock.Now()) + time.Hour)
	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "supervisor", e.creds["supervisor"])
	if status := b.open("/supervision"); status != 200 {
		t.Fatalf("/supervision: %d: %s", status, b.text("main"))
	}
	if evalIn[int](b, `document.querySelectorAll('#sup-candidates').length`) == 0 {
		t.Fatalf("no candidates table: %s", b.text("main"))
	}
	rows := evalIn[[]string](b, `[...document.querySelectorAll('#sup-candidates tbody tr')].map(r => r.dataset.number)`)
	total := evalIn[int](b, `+document.querySelector('#sup-reasons [aria-current] strong').textContent`)
	if len(rows) != 20 || total < 22 {
		t.Fatalf("%d rows on the first page (%d candidates), want 20 of at least 22", len(rows), total)
	}
	if evalIn[int](b, `document.querySelectorAll('#sup-next').length`) != 1 {
		t.Errorf("%d candidates and no next page", total)
	}
	if n := evalIn[int](b, `[...document.querySelectorAll('.sup-open-form')].filter(f => f.checkVisibility()).length`); n != 0 {
		t.Errorf("%d open-case forms shown before any is asked for", n)
	}
	b.screenshot("sup-paged")
	b.do("open the first form", chromedp.Click(chromedp.CSS("#fold-open-"+rows[0])))
	b.waitVisible("#demand-" + rows[0])
	b.do("open the second form", chromedp.Click(chromedp.CSS("#fold-open-"+rows[1])))
	b.waitVisible("#demand-" + rows[1])
	open := evalIn[[]string](b, `[...document.querySelectorAll('details.sup-open[open]')].map(d => d.id)`)
	if len(open) != 1 || open[0] != "fold-"+rows[1] {
		t.Errorf("open forms %v, want only fold-%s", open, rows[1])
	}
	height := evalIn[int](b, `document.documentElement.scrollHeight`)
	if height > 4000 {
		t.Errorf("the page is %d px tall", height)
	}
	b.screenshot("sup-paged-one-open")
	{
		b.open("/supervision?page=2")
		if r := b.text("#sup-pager"); !strings.Contains(r, "第 21–") {
			t.Errorf("page 2 pager reads %q", r)
		}
	}
	b.checkConsole("supervision paged")
}
