package ui_test

import (
	"context"
	"strings"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/orgunit"

	"github.com/chromedp/chromedp"
)

// TestBrowserRegisters: a grid worker on a phone registers a shop (a wrong
// credit code first), a streetlight at the shop, marks it 损坏 and files
// an order from it in one step, with screenshots.
func TestBrowserRegisters(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	ctx := context.Background()
	worker, err := auth.GetUserByUsername(ctx, db, "grid")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := grid.GridsOfUser(ctx, db, worker.ID)
	if err != nil || len(ms) == 0 {
		t.Fatalf("grids of the demo worker: %v %v", ms, err)
	}
	code := ms[0].GridCode
	var lng, lat float64
	if err := db.QueryRowContext(ctx, `SELECT lng, lat FROM buildings WHERE grid_code = ? ORDER BY code LIMIT 1`, code).Scan(&lng, &lat); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.Addresses.Create(ctx, grid.CommandLine(code), address.Input{Road: "测试路", DoorNo: "8", Lng: lng, Lat: lat, HasPoint: true}); err != nil {
		t.Fatal(err)
	}
	c, _ := orgunit.CreditCheckChar("92210504MA0Q1234X")
	good := "92210504MA0Q1234X" + string(c)
	bad := good[:17] + map[bool]string{true: "1", false: "0"}[c == '0']

	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(375, 812)
	signInAs(t, b, "grid", e.creds["grid"])
	if st := b.open("/registers"); st != 200 {
		t.Fatalf("/registers answered %d", st)
	}
	b.screenshot("registers-empty-phone")
	b.do("open unit form", chromedp.Click(chromedp.CSS("#reg-addunit summary")))
	b.do("kind", chromedp.SetValue(chromedp.CSS("#u-kind"), orgunit.KindIndividual))
	b.typeInto("#u-name", "老王修鞋铺")
	b.typeInto("#u-code", bad)
	b.typeInto("#u-address", "测试路8号")
	b.typeInto("#u-contact", "王建国")
	b.typeInto("#u-phone", "13812345678")
	b.typeInto("#u-staff", "2")
	if st := b.submit("#reg-unit-form button[type=submit]"); st != 400 {
		t.Fatalf("a wrong check character answered %d", st)
	}
	if got := b.text("#reg-error"); !strings.Contains(got, "校验码") {
		t.Fatalf("error says %q", got)
	}
	if n := count(t, db, "org_units"); n != 0 {
		t.Fatalf("a refused unit was written (%d)", n)
	}
	b.screenshot("registers-bad-code-phone")
	b.typeInto("#u-code", good)
	if st := b.submit("#reg-unit-form button[type=submit]"); st != 200 {
		t.Fatalf("unit answered %d", st)
	}
	if got := b.text("#reg-units"); !strings.Contains(got, "老王修鞋铺") || !strings.Contains(got, "王**") || strings.Contains(got, "13812345678") {
		t.Fatalf("units show %q", got)
	}
	b.do("open facility form", chromedp.Click(chromedp.CSS("#reg-addfacility summary")))
	b.do("facility kind", chromedp.SetValue(chromedp.CSS("#f-kind"), "0109"))
	b.typeInto("#f-name", "修鞋铺门前")
	b.typeInto("#f-lng", strings.TrimRight(strings.TrimRight(ftoa(lng), "0"), "."))
	b.typeInto("#f-lat", strings.TrimRight(strings.TrimRight(ftoa(lat), "0"), "."))
	if st := b.submit("#reg-facility-form button[type=submit]"); st != 200 {
		t.Fatalf("facility answered %d", st)
	}
	fcode := code[:12] + "0109-0001"
	if got := b.text("#reg-facilities"); !strings.Contains(got, fcode) || !strings.Contains(got, "完好") {
		t.Fatalf("facilities show %q", got)
	}
	if st := b.submit(`#fac-` + fcode + ` button[value=damaged]`); st != 200 {
		t.Fatalf("marking damaged answered %d", st)
	}
	if got := b.text(`#fac-` + fcode + ` .reg-state`); got != "损坏" {
		t.Fatalf("state shows %q", got)
	}
	b.screenshot("registers-damaged-phone")
	b.do("open report", chromedp.Click(chromedp.CSS(`#fac-`+fcode+` .reg-report summary`)))
	b.screenshot("registers-report-phone")
	if st := b.submit(`#fac-` + fcode + ` .reg-report button[type=submit]`); st != 200 {
		t.Fatalf("report answered %d", st)
	}
	if loc := b.location(); !strings.HasPrefix(loc, "/orders/") {
		t.Fatalf("after the report the page is %s", loc)
	}
	var gridCode, fc, addr string
	if err := db.QueryRowContext(ctx, `SELECT grid_code, facility_code, address FROM orders WHERE facility_code <> ''`).Scan(&gridCode, &fc, &addr); err != nil {
		t.Fatal(err)
	}
	if gridCode != code || fc != fcode || !strings.Contains(addr, "路灯") {
		t.Fatalf("order at %s naming %s (%s)", gridCode, fc, addr)
	}
	b.screenshot("registers-order-phone")

	// The unit's contact in full, for a purpose, on the phone.
	b.open("/registers")
	evalIn[bool](b, `document.querySelector('form[id^="ur-"]').closest('details').open = true, true`)
	b.typeInto(`input[id^="ur-purpose-"]`, "联系店主核实经营情况")
	if st := b.submit(`form[id^="ur-"] button[type=submit]`); st != 200 {
		t.Fatalf("reveal answered %d", st)
	}
	if got := b.text("#reg-units"); !strings.Contains(got, "王建国") || !strings.Contains(got, "13812345678") {
		t.Fatalf("revealed unit shows %q", got)
	}
	if got := b.text("#reg-revealed"); !strings.Contains(got, "审计") {
		t.Fatalf("reveal notice %q", got)
	}
	b.screenshot("registers-reveal-phone")

	b.open("/registers?lang=en")
	if got := b.text("h1"); got != "Units and facilities" {
		t.Errorf("English title %q", got)
	}
	if got := b.text("#reg-facilities"); !strings.Contains(got, "Streetlight") || strings.Contains(got, "路灯") {
		t.Errorf("English facility kinds: %q", got)
	}
	b.screenshot("registers-en-phone")
	b.open("/registers?lang=zh-CN")
	b.checkConsole("registers", "status of 400") // the refused credit code
}
