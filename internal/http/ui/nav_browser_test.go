package ui_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserMenus walks the grouped menus of a community, a grid worker
// and an admin. On a desktop the groups are closed until asked, the group
// of the current page is marked, and opening it shows the current page; on
// a phone the menu folds behind one button naming the current page, which
// opens on the current group. Screenshots menu-*.png.
func TestBrowserMenus(t *testing.T) {
	exe, shots := browserSetup(t)
	e := newEnv(t, demoSQLite(t), nil)
	b := newBrowser(t, exe, e.srv.URL, shots)
	for _, c := range []struct{ role, path, group, page string }{
		{"community", "/people", "网格与台账", "人口"},
		{"grid", "/grid", "网格与台账", "我的网格"},
		{"admin", "/admin/users", "管理", "用户"},
	} {
		switchUser(t, b, c.role, e.creds[c.role])
		b.viewport(desktopW, desktopH)
		if status := b.open(c.path); status != 200 {
			t.Fatalf("%s at %s: %d", c.role, c.path, status)
		}
		if n := evalIn[int](b, `document.querySelectorAll('details.nav-group[open]').length`); n != 0 {
			t.Errorf("%s desktop: %d groups open on arrival", c.role, n)
		}
		if got := evalIn[string](b, `(document.querySelector('summary.current') || {}).textContent || ''`); got != c.group {
			t.Errorf("%s desktop: marked group %q, want %q", c.role, got, c.group)
		}
		if n := evalIn[int](b, `document.querySelectorAll('header nav details.nav-group').length`); n < 2 {
			t.Errorf("%s desktop: %d groups", c.role, n)
		}
		b.do("open the current group", chromedp.Click(chromedp.CSS(`summary.current`)))
		b.waitVisible(`details.nav-group[open] a[aria-current="page"]`)
		if got := b.text(`details.nav-group[open] a[aria-current="page"]`); got != c.page {
			t.Errorf("%s desktop: current page %q, want %q", c.role, got, c.page)
		}
		b.screenshot("menu-" + c.role + "-desktop")

		b.viewport(phoneW, phoneH)
		b.open(c.path)
		if evalIn[bool](b, `document.querySelector('.nav-groups').checkVisibility()`) {
			t.Errorf("%s phone: the menu is unfolded on arrival", c.role)
		}
		if label := b.text(".nav-toggle-label"); !strings.Contains(label, "菜单") || !strings.Contains(label, c.page) {
			t.Errorf("%s phone: the menu button says %q", c.role, label)
		}
		b.screenshot("menu-" + c.role + "-phone-folded")
		b.do("unfold the menu", chromedp.Click(chromedp.CSS(`.nav-toggle-label`)))
		b.waitVisible(`details.nav-group[open] a[aria-current="page"]`)
		if n := evalIn[int](b, `document.querySelectorAll('details.nav-group[open]').length`); n != 1 {
			t.Errorf("%s phone: %d groups open, want the current one", c.role, n)
		}
		noSidewaysScroll(t, b, c.role+" menu")
		b.screenshot("menu-" + c.role + "-phone")
		b.checkConsole(c.role + " menu")
	}
}
