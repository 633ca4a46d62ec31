package ui_test

import (
	"context"
	"strings"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/exchange"
)

// TestBrowserExchangeAdmin shows the linkage page with a link, a held
// upstream order and the mapping form, on a desk screen and a phone.
func TestBrowserExchangeAdmin(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	ctx := context.Background()
	l, err := e.app.Exchange.AddLink(ctx, auth.SystemAdmin(), exchange.LinkInput{Name: "benxi-12345", Direction: exchange.Upstream,
		BaseURL: "https://12345.benxi.example", Regions: []string{"210504"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.Exchange.AddLink(ctx, auth.SystemAdmin(), exchange.LinkInput{Name: "gaoyu", Direction: exchange.Downstream,
		BaseURL: "https://gaoyu.example", Regions: []string{"210504004"}}); err != nil {
		t.Fatal(err)
	}
	holdUpstreamOrder(t, e, l.Name, l.Key, demoGrid(t, e, streetAdminNode, 0))
	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "admin", e.creds["admin"])
	b.open("/admin/exchange")
	if got := b.text("#held"); !strings.Contains(got, "C-77") || !strings.Contains(got, "路灯不亮") {
		t.Fatalf("held queue shows %q", got)
	}
	if got := b.text("#links"); !strings.Contains(got, "benxi-12345") || !strings.Contains(got, "下级平台") {
		t.Fatalf("links show %q", got)
	}
	b.screenshot("exchange")
	b.viewport(phoneW, phoneH)
	b.open("/admin/exchange")
	noSidewaysScroll(t, b, "exchange")
	b.screenshot("exchange-phone")
	b.viewport(desktopW, desktopH)
	b.checkConsole("exchange")
}
