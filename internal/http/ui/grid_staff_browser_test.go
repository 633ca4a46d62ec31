package ui_test

import (
	"context"
	"strings"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"

	"github.com/chromedp/chromedp"
)

// TestBrowserGridStaff appoints a 网格员 on the admin grid panel in
// Chromium, on a desk screen and a phone, with screenshots.
func TestBrowserGridStaff(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	ctx := context.Background()
	head, err := auth.GetUserByUsername(ctx, db, "gridhead")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := grid.GridsOfUser(ctx, db, head.ID)
	if err != nil || len(ms) != 1 {
		t.Fatalf("grids of the demo head: %v %v", ms, err)
	}
	code := ms[0].GridCode
	if _, err := auth.CreateUser(ctx, db, auth.NewUser{Username: "xiaoli", DisplayName: "李小丽", Role: auth.RoleGrid,
		NodeCode: code[:12], Password: testPassword}, auth.Actor{}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "admin", e.creds["admin"])
	b.open("/admin/grids?under=" + code[:12] + "&grid=" + code)
	b.typeInto("#staff-username", "xiaoli")
	b.do("duty", chromedp.SetValue(chromedp.CSS("#staff-duty"), "part"))
	if status := b.submit(`form[action="/admin/grids/` + code + `/members"] button[type=submit]`); status != 200 {
		t.Fatalf("appoint answered %d", status)
	}
	if got := b.text("#grid-members"); !strings.Contains(got, "李小丽") || !strings.Contains(got, "兼职") {
		t.Fatalf("members after appointing: %q", got)
	}
	if got := b.text("#staff-result"); got != "已安排。" {
		t.Fatalf("result says %q", got)
	}
	b.screenshot("grid-staff")
	b.viewport(390, 844)
	b.open("/admin/grids?under=" + code[:12] + "&grid=" + code)
	b.screenshot("grid-staff-phone")
	b.checkConsole("grid staff")
}
