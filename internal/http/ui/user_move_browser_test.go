package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/auth"
)

// TestBrowserUserMove: the street's admin changes a user's role and org
// node from the user's page; a node outside the street, slipped into the
// form, is refused by the domain with the reason on the page.
// Screenshots user-move-*.png.
func TestBrowserUserMove(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	ctx := context.Background()
	community, err := auth.GetUserByUsername(ctx, db, "community")
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/admin/users/%d", community.ID)
	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, streetAdmin, testPassword)
	if status := b.open(page); status != 200 {
		t.Fatalf("the street admin opens %s: %d (the demo's community user should be in 北地街道)", page, status)
	}
	b.do("role", chromedp.SetValue(chromedp.CSS("#role"), auth.RoleStreet))
	b.do("node", chromedp.SetValue(chromedp.CSS("#node_code"), streetAdminNode))
	b.screenshot("user-move-form")
	b.submit("#user-edit-submit")
	b.waitVisible("#user-saved")
	moved, err := auth.GetUserByUsername(ctx, db, "community")
	if err != nil || moved.Role != auth.RoleStreet || moved.NodeCode != streetAdminNode {
		t.Fatalf("after the move: %+v, %v", moved, err)
	}
	if facts := b.text("#user-facts"); !strings.Contains(facts, "街道") {
		t.Errorf("the page says %q", facts)
	}
	// A node of another district, slipped into the select.
	evalIn[bool](b, `(() => { const s = document.getElementById('node_code'); const o = new Option('x', '110101'); s.add(o); s.value = '110101'; return true; })()`)
	if status := b.submit("#user-edit-submit"); status != 400 {
		t.Errorf("a node outside the street answered %d", status)
	}
	if msg := b.text("#user-error"); !strings.Contains(msg, "管辖范围") {
		t.Errorf("the refusal says %q", msg)
	}
	b.screenshot("user-move-outside")
	b.checkConsole("user move", "status of 400")
}
