package ui_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/org"
)

// TestBrowserMeasures opens the leader's dashboard in a real headless
// Chromium over ten days of orders: the charts are drawn, the map is
// coloured by load and then by overdue share, a ranking row opens a
// street's dashboard, and the page switches to English. Screenshots are
// measures-*.png in $CIVICGRID_SCREENSHOTS.
func TestBrowserMeasures(t *testing.T) {
	exe, shots := browserSetup(t)

	db := demoSQLite(t)
	end := time.Now()
	clk := ordertest.NewNow(end.AddDate(0, 0, -9))
	e := newEnv(t, db, clk.Now)
	measuresHistory(t, e, clk, end)
	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "leader", e.creds["leader"])

	b.open("/measures")
	measuresWaitDrawn(t, b, "load")
	received := strings.TrimSpace(b.text("#measure-received .figure-value"))
	if received == "0" || received == "" {
		t.Fatalf("the dashboard shows %q orders received", received)
	}
	if f := b.text("#measure-satisfaction_rate .figure-formula"); !strings.Contains(f, "满意率 =") {
		t.Errorf("the satisfaction formula reads %q", f)
	}
	b.screenshot("measures-dashboard")
	b.measuresShot("measures-map-load", "#measures-map")
	b.measuresShot("measures-charts", ".measures-charts")
	b.checkConsole("measures dashboard")

	b.do("colour by overdue", chromedp.Click(chromedp.CSS("#measures-by-overdue")))
	measuresWaitDrawn(t, b, "overdue")
	b.screenshot("measures-overdue")
	b.measuresShot("measures-map-overdue", "#measures-map")
	b.checkConsole("measures overdue map")

	// Drill down: the first street of the ranking opens its dashboard.
	name := strings.TrimSpace(b.text("#measures-rank-children tbody tr:first-child th a"))
	b.submit("#measures-rank-children tbody tr:first-child th a")
	if loc := b.location(); !strings.Contains(loc, "node=210504") || len(name) == 0 {
		t.Fatalf("the ranking row led to %s", loc)
	}
	if h := b.text("#measures-heading"); !strings.Contains(h, name) {
		t.Errorf("the street's dashboard is headed %q, want %q", h, name)
	}
	measuresWaitDrawn(t, b, "load")
	b.screenshot("measures-street")
	b.checkConsole("measures street")

	// English.
	b.submit("header a.lang")
	measuresWaitDrawn(t, b, "load")
	if h := b.text("#measures-heading"); !strings.HasPrefix(h, "Dashboard") {
		t.Errorf("the English heading is %q", h)
	}
	if f := b.text("#measure-resolve_rate .figure-name"); f != "Resolve rate" {
		t.Errorf("the English figure name is %q", f)
	}
	b.screenshot("measures-english")
	b.checkConsole("measures english")

	b.viewport(phoneW, phoneH)
	b.open("/measures?lang=zh-CN")
	measuresWaitDrawn(t, b, "load")
	noSidewaysScroll(t, b, "measures")
	b.screenshot("measures-phone")
	b.checkConsole("measures phone")
	b.viewport(desktopW, desktopH)
}

// measuresShot writes one element, at full size, to the screenshot folder.
func (b *browser) measuresShot(name, sel string) {
	b.t.Helper()
	if !b.keepShots {
		// What the capture waited for, without the capture.
		b.waitVisible(sel)
		b.n++
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("screenshot of %s: %v", sel, err)
	}
	b.n++
	if err := os.WriteFile(filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.n, name)), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// measuresWaitDrawn waits until both charts have their canvas and the
// map is coloured by by, and checks that some grid has a colour of the
// scale (not the no-data grey).
func measuresWaitDrawn(t *testing.T, b *browser, by string) {
	t.Helper()
	b.waitVisible("#measures-trend canvas")
	b.waitVisible("#measures-mix canvas")
	// ECharts is a custom build (web/vendor/echarts/build): a chart type or
	// component left out of it draws an empty canvas and, minified, logs
	// nothing. So ask each chart what it holds.
	parts := evalIn[string](b, `['measures-trend', 'measures-mix'].map(id => {
		const o = echarts.getInstanceByDom(document.getElementById(id)).getOption();
		return (o.series || []).map(s => s.type).join('+') + ':' +
			['grid', 'xAxis', 'yAxis', 'legend', 'tooltip'].filter(c => (o[c] || []).length > 0).join(',');
	}).join(' ')`)
	if want := "line+line:grid,xAxis,yAxis,legend,tooltip bar:grid,xAxis,yAxis,tooltip"; parts != want {
		t.Fatalf("the charts hold %q, want %q", parts, want)
	}
	b.waitVisible(fmt.Sprintf(`#measures-map[data-drawn][data-by="%s"]`, by))
	coloured := evalIn[int](b, `[...document.querySelectorAll('#measures-map path.grid')]
		.filter(p => (p.getAttribute('fill') || '').toLowerCase() !== '#dde2e7').length`)
	all := evalIn[int](b, `document.querySelectorAll('#measures-map path.grid').length`)
	if all == 0 || coloured == 0 {
		t.Fatalf("map by %s: %d grids drawn, %d coloured", by, all, coloured)
	}
}

// measuresHistory files orders over the ten days to end in the first
// grids of the district's streets, and closes most of them a few hours
// later with varied ratings; some stay open past their deadline.
func measuresHistory(t *testing.T, e *env, clk *ordertest.Now, end time.Time) {
	t.Helper()
	streets, err := org.Children(context.Background(), e.db, "210504")
	if err != nil || len(streets) < 3 {
		t.Fatalf("streets: %v (%d)", err, len(streets))
	}
	var grids []string
	for i, s := range streets {
		for n := 0; n <= i%3; n++ {
			grids = append(grids, demoGrid(t, e, s.Code, n))
		}
	}
	ratings := []order.Rating{order.RatingSatisfied, order.RatingSatisfied, order.RatingBasic, order.RatingUnsatisfied, ""}
	cats := []string{"other.request", "streetlight.out", "sidewalk.damaged", "bikes.shared", "ad.flyers",
		"other.request", "muck.spill", "vending.street", "streetlight.out"}
	k := 0
	for day := 9; day >= 0; day-- {
		at := end.AddDate(0, 0, -day).Add(-6 * time.Hour)
		clk.Set(at)
		var filed []order.Order
		for n := 0; n < 2+(day*7)%4; n++ {
			filed = append(filed, fileOrder(t, e, grids[k%len(grids)], order.ChannelHotline, cats[k%len(cats)], "测试看板工单："+cats[k%len(cats)]))
			k++
		}
		// Most are answered within the 2 hours a provisional reply has;
		// every fourth day's come late.
		clk.Set(at.Add(time.Hour))
		if day%4 == 1 {
			clk.Set(at.Add(3 * time.Hour))
		}
		for i, o := range filed {
			if i%3 != 2 {
				measuresClose(t, e, o, ratings[(k+i)%len(ratings)])
			}
		}
	}
	clk.Set(end)
}
