package ui_test

import (
	"context"
	"strings"
	"testing"

	"civicgrid/internal/grid"
	"civicgrid/internal/order"
)

// TestBrowserRoles opens the desks of the roles issue 16 found wanting,
// on a phone and a desktop: a 楼长's home names the building (not the
// community's grids), /grid lists what they reported and /grid/tasks
// opens; staff desks open with today's counts; menus list the pages the
// role may open. Screenshots roles-*.png.
func TestBrowserRoles(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	ctx := context.Background()
	g := demoGrid(t, e, streetAdminNode, 0)
	bs, err := grid.ListBuildings(ctx, db, g)
	if err != nil || len(bs) == 0 {
		t.Fatalf("buildings of %s: %v", g, err)
	}
	lz := e.actor(t, "building")
	mine, _, err := e.app.Orders.Create(ctx, lz, order.Input{Channel: order.ChannelPatrol, Category: "corridor.clutter",
		Description: "2单元楼道堆放杂物，堵住了消防通道", GridCode: g, Address: bs[0].Name})
	if err != nil {
		t.Fatal(err)
	}
	other := fileOrder(t, e, g, order.ChannelHotline, "other.request", "小区门口快递柜占用消防通道")

	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(phoneW, phoneH)
	signInAs(t, b, "building", e.creds["building"])
	home := b.text("main")
	if !strings.Contains(home, bs[0].Name) || strings.Contains(home, "管辖范围") {
		t.Errorf("the 楼长's home says %q", home)
	}
	noSidewaysScroll(t, b, "楼长 home")
	b.screenshot("roles-building-home-phone")
	b.follow("/grid")
	b.waitVisible(`#gw-tasks li[data-number="` + mine.Number + `"]`)
	if n := evalIn[int](b, `document.querySelectorAll('#gw-tasks li[data-number="`+other.Number+`"]').length`); n != 0 {
		t.Errorf("the 楼长 sees order %s they did not report", other.Number)
	}
	b.screenshot("roles-building-grid-phone")
	b.submit(`#gw-tasks li[data-number="` + mine.Number + `"] a`)
	if s := evalIn[string](b, `(document.getElementById('order-status') || {dataset: {}}).dataset.status || ''`); s == "" {
		t.Errorf("the 楼長's own report does not open: %s", b.text("main"))
	}
	b.screenshot("roles-building-order-phone")
	if status := b.open("/grid/tasks"); status != 200 {
		t.Errorf("/grid/tasks answers the 楼长 %d", status)
	}
	b.checkConsole("building")

	for _, role := range []string{"street", "department", "dispatcher", "operator"} {
		switchUser(t, b, role, e.creds[role])
		b.viewport(phoneW, phoneH)
		b.waitVisible("#desk-today")
		noSidewaysScroll(t, b, role+" home")
		b.screenshot("roles-" + role + "-home-phone")
		b.viewport(desktopW, desktopH)
		b.screenshot("roles-" + role + "-home")
	}
	// The operator's menu leads to the callbacks it may record.
	b.follow("/dispatch/callbacks")
	b.checkConsole("desks")
}
