package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/auth"
)

// TestBrowserUserEdit: an admin renames and disables a user and resets a
// password from the user's page, not the command line (issue 16 item 9);
// a disabled user cannot sign in, and a reset password works at once.
// Screenshots user-edit-*.png.
func TestBrowserUserEdit(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	op, err := auth.GetUserByUsername(context.Background(), db, "operator")
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/admin/users/%d", op.ID)
	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "admin", e.creds["admin"])
	// The 角色 column keeps each role on one line ("区直部/门" broke on
	// a narrow window).
	b.viewport(phoneW, phoneH)
	b.open("/admin/users")
	broken := evalIn[[]string](b, `[...document.querySelectorAll('#users tbody td:nth-child(3)')].filter(td => {
	  const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length > 1; }).map(td => td.textContent)`)
	if len(broken) > 0 {
		t.Errorf("roles broken over lines: %q", broken)
	}
	b.screenshot("user-list-phone")
	b.viewport(desktopW, desktopH)
	b.open(page)
	b.typeInto("#display_name", "12345话务员 一号席")
	b.do("disable", chromedp.Click(chromedp.CSS("#disabled")))
	b.submit("#user-edit-submit")
	b.waitVisible("#user-saved")
	if facts := b.text("#user-facts"); !strings.Contains(facts, "停用") {
		t.Errorf("after disabling the page says %q", facts)
	}
	b.screenshot("user-edit-disabled")

	// Two different passwords: refused, nothing changes.
	b.typeInto("#password", "Lanshan-2026-spring")
	b.typeInto("#password2", "Lanshan-2026-summer")
	if status := b.submit("#user-password-submit"); status != 400 {
		t.Errorf("mismatched passwords answered %d", status)
	}
	if msg := b.text("#user-error"); !strings.Contains(msg, "不一致") {
		t.Errorf("mismatched passwords say %q", msg)
	}
	b.typeInto("#password", "Lanshan-2026-spring")
	b.typeInto("#password2", "Lanshan-2026-spring")
	b.submit("#user-password-submit")
	b.waitVisible("#user-password-set")
	b.checkConsole("user edit", "status of 400")

	// Disabled: the new password does not let them in; enabled, it does.
	b.submit(`form[action="/signout"] button`)
	b.open("/signin")
	b.typeInto("#username", "operator")
	b.typeInto("#password", "Lanshan-2026-spring")
	if status := b.submit("form button[type=submit]"); status == 200 && b.location() == "/home" {
		t.Fatal("a disabled user signed in")
	}
	signInAs(t, b, "admin", e.creds["admin"])
	b.open(page)
	b.do("enable", chromedp.Click(chromedp.CSS("#disabled")))
	b.submit("#user-edit-submit")
	b.waitVisible("#user-saved")
	b.viewport(phoneW, phoneH)
	noSidewaysScroll(t, b, "user page")
	b.screenshot("user-edit-phone")
	b.viewport(desktopW, desktopH)
	switchUser(t, b, "operator", "Lanshan-2026-spring")
	if who := b.text("header .who"); !strings.Contains(who, "一号席") {
		t.Errorf("the renamed user's header says %q", who)
	}
	b.checkConsole("signed in again", "status of 401", "status of 403")
}
