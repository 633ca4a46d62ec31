package ui_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/org"
)

// TestBrowser walks the pages in a real headless Chromium against the real
// server on a demo district, and writes a screenshot of each page to
// $CIVICGRID_SCREENSHOTS (default: a temporary folder, printed).
//
// It runs on SQLite only: what it checks is what the browser shows, and
// TestPages already runs every page on both stores.
func TestBrowser(t *testing.T) {
	exe, shots := browserSetup(t)
	fmt.Fprintf(os.Stderr, "browser test screenshots: %s\n", shots)
	t.Logf("screenshots in %s", shots)

	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	if _, err := auth.CreateUser(context.Background(), db, auth.NewUser{Username: "lockme", Role: auth.RoleOperator,
		NodeCode: "210504", Password: testPassword}, auth.Actor{}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, exe, e.srv.URL, shots)

	steps := []struct {
		name string
		run  func(t *testing.T, b *browser, e *env)
	}{
		{"home map", browseHomeMap},
		{"phone", browsePhone},
		{"keyboard", browseKeyboard},
		{"wrong password", browseWrongPassword},
		{"lockout", browseLockout},
		{"admin", browseAdmin},
		{"users", browseAddUser},
		{"user tokens", browseUserTokens},
		{"other admin pages", browseOtherAdminPages},
		{"language", browseLanguage},
		{"out of scope", browseOutOfScope},
	}
	for _, s := range steps {
		// The steps share one browser and follow each other (sign-in
		// state), so a failed step stops the walk.
		if !t.Run(s.name, func(t *testing.T) { b.t = t; s.run(t, b, e) }) {
			t.FailNow()
		}
	}
}

// gridPoint finds a point on screen where a grid polygon is the topmost
// element, and that grid's code (from its class grid-<code>).
const gridPoint = `(() => {
  document.getElementById('map').scrollIntoView({block: 'center'});
  for (const p of document.querySelectorAll('#map path.grid')) {
    const r = p.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (r.width < 8 || r.height < 8) continue;
    if (document.elementFromPoint(x, y) === p) {
      const code = [...p.classList].find(c => /^grid-\d{15}$/.test(c)).slice(5);
      return {x: x, y: y, code: code};
    }
  }
  return null;
})()`

type point struct {
	X, Y float64
	Code string
}

func waitForGrids(t *testing.T, b *browser) int {
	t.Helper()
	b.waitVisible("#map[data-grids]")
	n := evalIn[int](b, `document.querySelectorAll('#map path.leaflet-interactive').length`)
	want := evalIn[string](b, `document.getElementById('map').dataset.grids`)
	if n == 0 || fmt.Sprint(n) != want {
		t.Fatalf("map draws %d polygons, the GeoJSON had %s", n, want)
	}
	return n
}

func browseHomeMap(t *testing.T, b *browser, e *env) {
	b.open("/")
	n := waitForGrids(t, b)
	total, err := grid.Count(context.Background(), e.db, "")
	if err != nil {
		t.Fatal(err)
	}
	if n != total {
		t.Fatalf("home map draws %d grids of %d", n, total)
	}
	// No tile layer by default: the map needs no network.
	if tiles := evalIn[int](b, `document.querySelectorAll('#map img.leaflet-tile').length`); tiles != 0 {
		t.Fatalf("%d map tiles requested with no tile URL configured", tiles)
	}
	p := evalIn[*point](b, gridPoint)
	if p == nil {
		t.Fatal("no grid polygon is clickable on screen")
	}
	b.do("click the map", chromedp.MouseClickXY(p.X, p.Y))
	b.waitVisible("#locate-result[data-grid]")
	g, err := grid.Get(context.Background(), e.db, p.Code)
	if err != nil {
		t.Fatal(err)
	}
	community, err := org.GetRegion(context.Background(), e.db, g.CommunityCode)
	if err != nil {
		t.Fatal(err)
	}
	got := b.text("#locate-result")
	if !strings.Contains(got, g.Name) || !strings.Contains(got, g.Code) || !strings.Contains(got, community.Name) {
		t.Fatalf("clicked grid %s %s in %s; the page says %q", g.Code, g.Name, community.Name, got)
	}
	b.screenshot("home")
	b.checkConsole("home")
}

func browsePhone(t *testing.T, b *browser, e *env) {
	b.viewport(phoneW, phoneH)
	defer b.viewport(desktopW, desktopH)
	b.open("/")
	waitForGrids(t, b)
	noSidewaysScroll(t, b, "home")
	b.screenshot("home-phone")
	b.open("/signin")
	noSidewaysScroll(t, b, "sign-in")
	b.screenshot("signin-phone")
	b.checkConsole("phone")
}

// noSidewaysScroll fails when the page is wider than the window.
func noSidewaysScroll(t *testing.T, b *browser, page string) {
	t.Helper()
	wide := evalIn[[]int](b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`)
	if wide[0] > wide[1] {
		t.Fatalf("the %s page scrolls sideways: content %dpx in a %dpx window", page, wide[0], wide[1])
	}
}

// browseKeyboard: the first Tab reaches the skip link, which shows itself
// and leads to the main content. (The home page: the sign-in page puts the
// cursor in the username field at once.)
func browseKeyboard(t *testing.T, b *browser, e *env) {
	b.open("/")
	b.do("tab", chromedp.KeyEvent("\t"))
	focused := evalIn[string](b, `document.activeElement.className + '|' + document.activeElement.getAttribute('href') + '|' + (document.activeElement.getBoundingClientRect().top >= 0)`)
	if focused != "skip|#main|true" {
		t.Fatalf("first Tab focuses %q, want the visible skip link", focused)
	}
	b.do("enter", chromedp.KeyEvent("\r"))
	if loc := b.location(); !strings.HasSuffix(loc, "#main") {
		t.Fatalf("skip link went to %q", loc)
	}
	// Every input of the sign-in form has a label, and the cursor starts
	// in the username.
	b.open("/signin")
	b.waitVisible("#username:focus")
	unlabelled := evalIn[int](b, `[...document.querySelectorAll('input:not([type=hidden]), select')].filter(i => !i.labels || i.labels.length === 0).length`)
	if unlabelled != 0 {
		t.Fatalf("%d inputs without a label on the sign-in page", unlabelled)
	}
	b.checkConsole("keyboard")
}

func browseWrongPassword(t *testing.T, b *browser, e *env) {
	b.open("/signin")
	b.typeInto("#username", "admin")
	b.typeInto("#password", "not the password")
	if status := b.submit("form button[type=submit]"); status != 401 {
		t.Fatalf("wrong password answered %d", status)
	}
	if msg := b.text("#signin-error"); !strings.Contains(msg, "用户名或密码错误") {
		t.Fatalf("wrong password says %q", msg)
	}
	if v := b.value("#username"); v != "admin" {
		t.Fatalf("the username field holds %q after the error", v)
	}
	b.screenshot("signin-wrong")
	b.checkConsole("wrong password", "status of 401")
}

func browseLockout(t *testing.T, b *browser, e *env) {
	max := auth.DefaultPolicy().MaxFailures
	var status int64
	for i := 1; i <= max; i++ {
		b.open("/signin")
		b.typeInto("#username", "lockme")
		b.typeInto("#password", fmt.Sprintf("wrong guess %d", i))
		status = b.submit("form button[type=submit]")
	}
	if status != 429 {
		t.Fatalf("attempt %d answered %d, want 429", max, status)
	}
	msg := b.text("#signin-error")
	if !strings.Contains(msg, "登录失败次数过多") || !strings.Contains(msg, "北京时间") || strings.Contains(msg, "锁定") {
		t.Fatalf("the wait says %q, want when to try again and nothing about the account", msg)
	}
	b.screenshot("signin-locked")
	b.checkConsole("lockout", "status of 401", "status of 429")
}

func signInAs(t *testing.T, b *browser, username, password string) {
	t.Helper()
	b.open("/signin")
	b.typeInto("#username", username)
	b.typeInto("#password", password)
	if status := b.submit("form button[type=submit]"); status != 200 {
		t.Fatalf("sign in as %s: %d", username, status)
	}
	if loc := b.location(); loc != "/home" {
		t.Fatalf("after sign-in the browser is at %q", loc)
	}
}

func browseAdmin(t *testing.T, b *browser, e *env) {
	signInAs(t, b, "admin", e.creds["admin"])
	if who := b.text("header .who"); !strings.Contains(who, "系统管理员") || !strings.Contains(who, "明山区") {
		t.Fatalf("header shows %q", who)
	}
	b.screenshot("desk-admin")
	b.checkConsole("desk")

	b.follow("/admin/regions")
	if loc := b.location(); loc != "/admin/regions/210504" {
		t.Fatalf("org tree opened at %q", loc)
	}
	b.screenshot("org-district")
	b.submit(`a[href="/admin/regions/210504002"]`)
	b.submit(`a[href="/admin/regions/210504002001"]`)
	if crumbs := b.text("nav.crumbs"); !strings.Contains(crumbs, "明山区") || !strings.Contains(crumbs, "北地街道") {
		t.Fatalf("breadcrumb %q", crumbs)
	}
	b.screenshot("org-community")
	b.checkConsole("org tree")

	b.open("/admin/grids?under=210504002")
	waitForGrids(t, b)
	p := evalIn[*point](b, gridPoint)
	if p == nil {
		t.Fatal("no grid clickable on the admin map")
	}
	b.do("click a grid", chromedp.MouseClickXY(p.X, p.Y))
	b.waitVisible("#grid-panel #panel-buildings")
	g, err := grid.Get(context.Background(), e.db, p.Code)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := grid.ListBuildings(context.Background(), e.db, p.Code)
	if err != nil {
		t.Fatal(err)
	}
	if name := b.text("#grid-panel h2"); name != g.Name {
		t.Fatalf("panel shows %q, clicked %s", name, g.Name)
	}
	if n := b.text("#panel-buildings"); n != fmt.Sprint(len(bs)) {
		t.Fatalf("panel counts %s buildings, the grid has %d", n, len(bs))
	}
	if sel := b.value("#grid-select"); sel != p.Code {
		t.Fatalf("the grid list shows %q after the click on %s", sel, p.Code)
	}
	b.screenshot("grid-map")
	b.checkConsole("grid map")

	// A broken file: every problem listed, nothing imported.
	file := filepath.Join(t.TempDir(), "broken.geojson")
	broken := `{"type":"FeatureCollection","features":[
	 {"type":"Feature","properties":{"community_code":"210504002001","name":"缺一角"},"geometry":{"type":"Polygon","coordinates":[[[123.8,41.3],[123.81,41.3],[123.8,41.3]]]}},
	 {"type":"Feature","properties":{"community_code":"21050400200","name":"代码太短"},"geometry":{"type":"Polygon","coordinates":` + square(124.6, 41.0, 0.002) + `}}]}`
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	before, err := grid.Count(context.Background(), e.db, "")
	if err != nil {
		t.Fatal(err)
	}
	b.do("choose file", chromedp.SetUploadFiles(chromedp.CSS("#geojson"), []string{file}))
	if status := b.submit(`form[action="/admin/grids/import#import-heading"] button[type=submit]`); status != 400 {
		t.Fatalf("broken import answered %d", status)
	}
	if problems := evalIn[int](b, `document.querySelectorAll('#import-result .problems li').length`); problems < 2 {
		t.Fatalf("the broken import lists %d problems: %s", problems, b.text("#import-result"))
	}
	if after, _ := grid.Count(context.Background(), e.db, ""); after != before {
		t.Fatalf("a refused import changed the grids: %d → %d", before, after)
	}
	b.screenshot("grid-import-error")
	b.checkConsole("grid import", "status of 400")
}

func browseAddUser(t *testing.T, b *browser, e *env) {
	b.open("/admin/users")
	b.typeInto("#username", "browser1")
	b.typeInto("#display_name", "浏览器测试员")
	b.do("role", chromedp.SetValue(chromedp.CSS("#role"), "grid"))
	b.do("node", chromedp.SetValue(chromedp.CSS("#node_code"), "210504002001"))
	b.typeInto("#password", "short")
	if status := b.submit("#add-user button[type=submit]"); status != 400 {
		t.Fatalf("weak password answered %d", status)
	}
	if msg := b.text("#password-error"); msg == "" {
		t.Fatal("no message next to the password")
	}
	for sel, want := range map[string]string{"#username": "browser1", "#display_name": "浏览器测试员", "#role": "grid",
		"#node_code": "210504002001", "#password": ""} {
		if got := b.value(sel); got != want {
			t.Errorf("after the error %s holds %q, want %q", sel, got, want)
		}
	}
	b.screenshot("users-error")
	b.checkConsole("users error", "status of 400")

	b.typeInto("#password", testPassword)
	if status := b.submit("#add-user button[type=submit]"); status != 200 {
		t.Fatalf("add user ended on %d", status)
	}
	if msg := b.text("#created"); !strings.Contains(msg, "browser1") {
		t.Fatalf("after adding: %q", msg)
	}
	if row := b.text("#users tr.highlight"); !strings.Contains(row, "浏览器测试员") || !strings.Contains(row, "永光社区") {
		t.Fatalf("new user row: %q", row)
	}
	u, err := auth.GetUserByUsername(context.Background(), e.db, "browser1")
	if err != nil || u.Role != auth.RoleGrid || u.NodeCode != "210504002001" {
		t.Fatalf("stored %+v, %v", u, err)
	}
	b.screenshot("users-added")
	b.checkConsole("users added")
}

// browseUserTokens: an admin sees a user's API tokens and revokes one.
func browseUserTokens(t *testing.T, b *browser, e *env) {
	ctx := context.Background()
	u, err := auth.GetUserByUsername(ctx, e.db, "browser1")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"巡查终端同步", "old export"} {
		if _, err := auth.CreateToken(ctx, e.db, u.ID, name, auth.Actor{}); err != nil {
			t.Fatal(err)
		}
	}
	b.open("/admin/users")
	if status := b.submit(`#users a[href="/admin/users/` + strconv.FormatInt(u.ID, 10) + `"]`); status != 200 {
		t.Fatalf("the user's page answered %d", status)
	}
	if rows := evalIn[int](b, `document.querySelectorAll('#tokens tbody tr[id^="token-"]').length`); rows != 2 {
		t.Fatalf("the user page lists %d tokens, want 2", rows)
	}
	list, err := auth.ListTokens(ctx, e.db, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	old := strconv.FormatInt(list[0].ID, 10) // newest first: "old export"
	if status := b.submit("#revoke-" + old); status != 200 {
		t.Fatalf("revoke ended on %d", status)
	}
	if msg := b.text("#revoked"); !strings.Contains(msg, old) {
		t.Fatalf("after revoking: %q", msg)
	}
	if state := b.text("#token-" + old); !strings.Contains(state, "已撤销") {
		t.Fatalf("revoked token row: %q", state)
	}
	if n := evalIn[int](b, `document.querySelectorAll('#tokens button[id^="revoke-"]').length`); n != 1 {
		t.Fatalf("%d revoke buttons left, want 1", n)
	}
	b.screenshot("user-tokens")
	b.viewport(phoneW, phoneH)
	noSidewaysScroll(t, b, "user tokens")
	b.screenshot("user-tokens-phone")
	b.viewport(desktopW, desktopH)
	b.checkConsole("user tokens")
}

func browseOtherAdminPages(t *testing.T, b *browser, e *env) {
	b.open("/admin/departments")
	if rows := evalIn[int](b, `document.querySelectorAll('#departments tbody tr').length`); rows < 10 {
		t.Fatalf("departments lists %d rows", rows)
	}
	b.screenshot("departments")
	b.open("/admin/calendar?year=2026")
	if months := evalIn[int](b, `document.querySelectorAll('.month').length`); months != 12 {
		t.Fatalf("calendar shows %d months", months)
	}
	if holidays := evalIn[int](b, `document.querySelectorAll('.cal td.holiday').length`); holidays < 10 {
		t.Fatalf("calendar marks %d holidays in 2026", holidays)
	}
	b.screenshot("calendar")
	// A signed-in page with a wide table, on a phone: the table scrolls in
	// its box, the page does not.
	b.viewport(phoneW, phoneH)
	b.open("/admin/users")
	noSidewaysScroll(t, b, "users")
	b.screenshot("users-phone")
	b.viewport(desktopW, desktopH)
	b.checkConsole("departments, calendar, users on a phone")
}

func browseLanguage(t *testing.T, b *browser, e *env) {
	b.open("/admin/regions/210504")
	b.submit("header a.lang")
	if lang := evalIn[string](b, `document.documentElement.lang`); lang != "en" {
		t.Fatalf("after the switch the page is in %q", lang)
	}
	// The menu's words, folded groups included.
	navText := `document.querySelector('header nav').textContent`
	if nav := evalIn[string](b, navText); !strings.Contains(nav, "Org tree") || strings.Contains(nav, "组织架构") {
		t.Fatalf("English nav: %q", nav)
	}
	if loc := b.location(); !strings.HasPrefix(loc, "/admin/regions/210504") {
		t.Fatalf("the switch left the page: %q", loc)
	}
	b.screenshot("org-english")
	// The choice sticks (cookie) on the next page, then switch back.
	b.open("/home")
	if h := b.text("main h1"); !strings.HasPrefix(h, "Hello") {
		t.Fatalf("desk after the switch: %q", h)
	}
	b.submit("header a.lang")
	if nav := evalIn[string](b, navText); !strings.Contains(nav, "组织架构") {
		t.Fatalf("Chinese nav after switching back: %q", nav)
	}
	b.checkConsole("language")
}

func browseOutOfScope(t *testing.T, b *browser, e *env) {
	b.submit("header form button[type=submit]") // sign out
	if loc := b.location(); loc != "/" {
		t.Fatalf("after sign-out at %q", loc)
	}
	signInAs(t, b, streetAdmin, e.creds[streetAdmin])
	if status := b.open("/admin/regions/" + otherStreet); status != 404 {
		t.Fatalf("street admin at another street: %d", status)
	}
	if h := b.text("main h1"); h != "页面不存在" {
		t.Fatalf("404 page heading %q", h)
	}
	b.screenshot("out-of-scope")
	b.checkConsole("out of scope", "status of 404")
}
