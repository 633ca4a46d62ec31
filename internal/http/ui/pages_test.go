package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/calendar"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// TestPages drives the pages over HTTP on both stores: what each shows,
// who may see it, and that bad form input changes nothing.
func TestPages(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		t.Run("home", func(t *testing.T) { testHome(t, e) })
		t.Run("geojson", func(t *testing.T) { testGeoJSON(t, e) })
		t.Run("assets", func(t *testing.T) { testServedAssets(t, e) })
		t.Run("signin", func(t *testing.T) { testSignIn(t, e) })
		t.Run("lockout", func(t *testing.T) { testLockout(t, e) })
		t.Run("desks", func(t *testing.T) { testDesks(t, e) })
		t.Run("menus", func(t *testing.T) { testMenus(t, e) })
		t.Run("guards", func(t *testing.T) { testGuards(t, e) })
		t.Run("scope", func(t *testing.T) { testScope(t, e) })
		t.Run("regions", func(t *testing.T) { testRegions(t, e) })
		t.Run("users", func(t *testing.T) { testAddUser(t, e) })
		t.Run("departments", func(t *testing.T) { testDepartments(t, e) })
		t.Run("gridimport", func(t *testing.T) { testGridImport(t, e) })
		t.Run("language", func(t *testing.T) { testLanguage(t, e) })
	})
}

func testHome(t *testing.T, e *env) {
	c := e.client(t)
	r := c.get("/")
	wantStatus(t, r, http.StatusOK, "home")
	grids, err := grid.Count(context.Background(), e.db, "210504")
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, r, "home", "<h1>明山区</h1>", fmt.Sprintf("<strong>%d</strong><span>网格</span>", grids),
		"<strong>7</strong><span>街道（乡镇）</span>", `data-geojson="/ui/grids.geojson?under=210504"`,
		`href="/signin"`, `data-tile-url=""`)
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("home CSP = %q", csp)
	}
}

func testGeoJSON(t *testing.T, e *env) {
	c := e.client(t)
	r := c.get("/ui/grids.geojson?under=210504002")
	wantStatus(t, r, http.StatusOK, "grids geojson")
	var fc struct {
		Type     string
		Features []struct {
			Properties struct{ Code, Name string }
			Geometry   struct{ Type string }
		}
	}
	if err := json.Unmarshal([]byte(r.Body), &fc); err != nil {
		t.Fatal(err)
	}
	want, err := grid.List(context.Background(), e.db, "210504002", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != len(want) || len(want) == 0 {
		t.Fatalf("geojson: type %q, %d features, want %d", fc.Type, len(fc.Features), len(want))
	}
	for i, f := range fc.Features {
		if f.Properties.Code != want[i].Code || f.Properties.Name != want[i].Name || !strings.Contains(f.Geometry.Type, "Polygon") {
			t.Fatalf("feature %d = %+v, want grid %s %s", i, f, want[i].Code, want[i].Name)
		}
	}
	etag := r.Header.Get("ETag")
	if etag == "" || r.Header.Get("Cache-Control") != "public, no-cache" {
		t.Fatalf("geojson caching headers: ETag %q, Cache-Control %q", etag, r.Header.Get("Cache-Control"))
	}
	if again := c.get("/ui/grids.geojson?under=210504002", "If-None-Match", etag); again.Status != http.StatusNotModified || again.Body != "" {
		t.Fatalf("revalidation: status %d, %d bytes", again.Status, len(again.Body))
	}
	if other := c.get("/ui/grids.geojson?under=210504004"); other.Header.Get("ETag") == etag {
		t.Fatal("two different collections share an ETag")
	}
	wantStatus(t, c.get("/ui/grids.geojson?under=21x"), http.StatusBadRequest, "bad under")
}

var assetURL = regexp.MustCompile(`/static/[0-9a-f]{16}/[A-Za-z0-9_./-]+`)

// testServedAssets fetches every asset a page links to, and the images the
// Leaflet stylesheet points at, through the real server.
func testServedAssets(t *testing.T, e *env) {
	c := e.client(t)
	urls := assetURL.FindAllString(c.get("/").Body, -1)
	if len(urls) < 5 {
		t.Fatalf("home links %d assets: %v", len(urls), urls)
	}
	for _, u := range urls {
		r := c.get(u)
		wantStatus(t, r, http.StatusOK, u)
		if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", u, cc)
		}
		if strings.HasSuffix(u, "leaflet.css") {
			imgs := assetURL.FindAllString(r.Body, -1)
			if len(imgs) == 0 {
				t.Fatal("leaflet.css points at no hashed images")
			}
			for _, img := range imgs {
				ir := c.get(img)
				if ir.Status != http.StatusOK || ir.Header.Get("Content-Type") != "image/png" {
					t.Errorf("%s (from leaflet.css): %d %s", img, ir.Status, ir.Header.Get("Content-Type"))
				}
			}
		}
		// The same name under another hash is not served.
		stale := "/static/0000000000000000/" + strings.SplitN(u, "/", 4)[3]
		wantStatus(t, c.get(stale), http.StatusNotFound, stale)
	}
}

func testSignIn(t *testing.T, e *env) {
	c := e.client(t)
	wantStatus(t, c.get("/signin"), http.StatusOK, "sign-in form")

	r := c.post("/signin", url.Values{"username": {"dispatcher"}, "password": {"not the password"}})
	wantStatus(t, r, http.StatusUnauthorized, "wrong password")
	wantContains(t, r, "wrong password", "用户名或密码错误", `value="dispatcher"`)
	if _, ok := c.cookies["civicgrid_session"]; ok {
		t.Fatal("a failed sign-in set a session cookie")
	}
	r = c.post("/signin", url.Values{"username": {"nobody"}, "password": {"whatever it is"}})
	wantStatus(t, r, http.StatusUnauthorized, "unknown user")
	wantContains(t, r, "unknown user", "用户名或密码错误", `value="nobody"`)
	wantStatus(t, c.post("/signin", url.Values{"username": {"dispatcher"}}), http.StatusBadRequest, "no password")

	// Success goes where the visitor wanted to go, but only on this site.
	r = c.post("/signin", url.Values{"username": {"dispatcher"}, "password": {e.creds["dispatcher"]}, "next": {"//evil.example/x"}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/home" {
		t.Fatalf("sign-in with a foreign next: %d → %q", r.Status, r.Header.Get("Location"))
	}
	home := c.get("/home")
	wantStatus(t, home, http.StatusOK, "home after sign-in")
	wantContains(t, home, "home after sign-in", "区指挥中心", "指挥中心", `href="/dispatch"`, "按时限排序的待派工单")
	wantLacks(t, home, "dispatcher's nav", `href="/admin/users"`)

	// Sign-out needs the CSRF token; with it, the session ends.
	wantStatus(t, c.post("/signout", url.Values{"csrf_token": {"forged"}}), http.StatusForbidden, "sign-out with a forged token")
	wantStatus(t, c.get("/home"), http.StatusOK, "still signed in after the forged sign-out")
	r = c.post("/signout", url.Values{})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("sign-out: %d → %q", r.Status, r.Header.Get("Location"))
	}
	if r := c.get("/home"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/signin?next=") {
		t.Fatalf("home after sign-out: %d → %q", r.Status, r.Header.Get("Location"))
	}

	r = c.post("/signin", url.Values{"username": {"leader"}, "password": {e.creds["leader"]}, "next": {"/admin/users?page=2"}})
	if r.Header.Get("Location") != "/admin/users?page=2" {
		t.Fatalf("next not honoured: %q", r.Header.Get("Location"))
	}
}

func testLockout(t *testing.T, e *env) {
	ctx := context.Background()
	if _, err := auth.CreateUser(ctx, e.db, auth.NewUser{Username: "locktest", Role: auth.RoleOperator,
		NodeCode: "210504", Password: testPassword}, auth.Actor{}); err != nil {
		t.Fatal(err)
	}
	c := e.client(t)
	max := auth.DefaultPolicy().MaxFailures
	var r response
	for i := 1; i <= max; i++ {
		r = c.post("/signin", url.Values{"username": {"locktest"}, "password": {"wrong password " + fmt.Sprint(i)}})
		if i < max {
			wantStatus(t, r, http.StatusUnauthorized, fmt.Sprintf("failure %d", i))
		}
	}
	wantStatus(t, r, http.StatusTooManyRequests, "the failure that locks")
	wantContains(t, r, "lockout", "登录失败次数过多", "北京时间", `value="locktest"`)
	wantLacks(t, r, "lockout", "锁定") // nothing says the account exists
	if secs, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || secs < 1 || secs > 30 {
		t.Errorf("Retry-After %q, want the 30 s wait", r.Header.Get("Retry-After"))
	}
	// Even the right password is refused while locked.
	r = c.post("/signin", url.Values{"username": {"locktest"}, "password": {testPassword}})
	wantStatus(t, r, http.StatusTooManyRequests, "right password while locked")
	if _, ok := c.cookies["civicgrid_session"]; ok {
		t.Fatal("a locked account got a session")
	}
}

// testDesks: each role's /home says what the role does and shows where
// the user sits: a grid worker their grid, a 楼长 their building, a
// department user their department; and links only to pages that exist.
func testDesks(t *testing.T, e *env) {
	ctx := context.Background()
	g, err := grid.Get(ctx, e.db, "210504002001001")
	if err != nil {
		t.Fatal(err)
	}
	bs, err := grid.ListBuildings(ctx, e.db, g.Code)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		user    string
		want    []string
		wantNot []string
	}{
		{"grid", []string{"巡查网格", g.Name, g.Code}, []string{"管辖范围", `href="/admin/`}},
		// A 楼长's desk names the building, not the community's grids.
		{"building", []string{"报告本楼人口变化", bs[0].Name, bs[0].Address}, []string{`href="/admin/`, "管辖范围"}},
		// Staff desks open with today's counts; a department and a street
		// see what waits for them to sign.
		{"department", []string{"签收、办理、答复工单", "区城市管理综合行政执法局", `id="desk-today"`, `id="today-sign"`}, []string{"管辖范围", `href="/admin/`}},
		{"street", []string{"首办网格上报的事项", "管辖范围", "北地街道", `id="today-received"`, `id="today-sign"`}, []string{`href="/admin/`}},
		{"dispatcher", []string{`id="today-received"`, `id="today-overdue"`}, []string{`id="today-sign"`}},
		{"admin", []string{"维护组织架构", `href="/admin/users"`, `href="/admin/calendar"`}, nil},
	} {
		cl := e.client(t)
		cl.signIn(c.user, e.creds[c.user])
		r := cl.get("/home")
		wantContains(t, r, c.user+"'s desk", c.want...)
		wantLacks(t, r, c.user+"'s desk", c.wantNot...)
	}
}

// menuPages are the pages a menu may link to (sub-pages reached from
// them, such as the dispatch board's tabs, are left out).
var menuPages = []string{"/console", "/mail", "/dispatch", "/dispatch/callbacks", "/inbox", "/grid", "/grid/report",
	"/grid/tasks", "/people", "/people/report", "/orders", "/measures", "/bulletin", "/supervision", "/admin/regions", "/admin/grids", "/admin/users",
	"/admin/departments", "/admin/categories", "/admin/calendar", "/houses", "/care", "/grid/log", "/mediation", "/deliberation", "/ledgers", "/consultations",
	"/wishes", "/disclosures", "/service-points", "/property", "/topic-tasks", "/party", "/volunteers"}

// testMenus: each role's menu lists every page the role may open, and
// nothing it may not (issue 16: street lacked 网格任务, operator 回访,
// and a 楼长 got 403 on /grid).
func testMenus(t *testing.T, e *env) {
	for _, role := range []string{"admin", "leader", "dispatcher", "operator", "supervisor", "street", "community",
		"gridhead", "grid", "building", "department"} {
		c := e.client(t)
		c.signIn(role, e.creds[role])
		home := c.get("/home")
		for _, p := range menuPages {
			r := c.get(p)
			opens := r.Status == http.StatusOK || r.Status == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), p)
			listed := strings.Contains(home.Body, `<li><a href="`+p+`"`)
			if opens != listed {
				t.Errorf("%s: %s answers %d, and the menu lists it: %v", role, p, r.Status, listed)
			}
		}
	}
	building := e.client(t)
	building.signIn("building", e.creds["building"])
	for _, p := range []string{"/grid", "/grid/tasks"} {
		wantStatus(t, building.get(p), http.StatusOK, "楼长 at "+p)
	}
}

// testGuards: every staff page sends a visitor to sign in, and an admin
// page refuses other roles.
func testGuards(t *testing.T, e *env) {
	visitor := e.client(t)
	for _, p := range []string{"/home", "/admin/regions/210504", "/admin/grids?under=210504", "/admin/users",
		"/admin/departments", "/admin/calendar?year=2026"} {
		r := visitor.get(p)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/signin?next="+url.QueryEscape(p) {
			t.Errorf("visitor at %s: %d → %q", p, r.Status, r.Header.Get("Location"))
		}
	}
	r := visitor.post("/admin/users", url.Values{"username": {"sneaky"}})
	if r.Status != http.StatusSeeOther {
		t.Errorf("visitor posting a user: %d", r.Status)
	}
	op := e.client(t)
	op.signIn("operator", e.creds["operator"])
	for _, p := range []string{"/admin/regions/210504", "/admin/users", "/admin/calendar"} {
		wantStatus(t, op.get(p), http.StatusForbidden, "operator at "+p)
	}
	wantStatus(t, op.get("/no/such/page"), http.StatusNotFound, "unknown page")
}

// testScope: a street-level admin sees its street and nothing beside or
// above it, and cannot place users or import grids outside it.
func testScope(t *testing.T, e *env) {
	c := e.client(t)
	c.signIn(streetAdmin, e.creds[streetAdmin])
	wantStatus(t, c.get("/admin/regions/"+streetAdminNode), http.StatusOK, "own street")
	wantStatus(t, c.get("/admin/regions/"+streetAdminNode+"001"), http.StatusOK, "own community")
	for _, p := range []string{"/admin/regions/210504", "/admin/regions/" + otherStreet, "/admin/regions/" + otherStreet + "001",
		"/admin/grids?under=" + otherStreet, "/admin/grids?under=210504"} {
		r := c.get(p)
		wantStatus(t, r, http.StatusNotFound, "street admin at "+p)
		wantContains(t, r, p, "页面不存在")
	}
	other, err := grid.List(context.Background(), e.db, otherStreet, 1, 0)
	if err != nil || len(other) == 0 {
		t.Fatalf("no grid under %s: %v", otherStreet, err)
	}
	wantStatus(t, c.get("/admin/grids/"+other[0].Code, "HX-Request", "true"), http.StatusNotFound, "panel of a grid outside")
	wantStatus(t, c.get("/admin/grids/"+other[0].Code), http.StatusNotFound, "grid page outside")
	if r := c.get("/admin/regions"); r.Header.Get("Location") != "/admin/regions/"+streetAdminNode {
		t.Errorf("/admin/regions sends the street admin to %q", r.Header.Get("Location"))
	}

	users := c.get("/admin/users")
	wantStatus(t, users, http.StatusOK, "street admin's users")
	wantContains(t, users, "street admin's users", ">community</a></th>", ">street</a></th>")
	wantLacks(t, users, "street admin's users", ">operator</a></th>", ">admin</a></th>")
	// The place list offers only the street's own subtree.
	wantLacks(t, users, "street admin's places", `value="`+otherStreet+`"`, `value="210504"`)

	before := count(t, e.db, "users")
	r := c.post("/admin/users", url.Values{"username": {"gaoyu9"}, "role": {"community"}, "node_code": {otherStreet + "001"},
		"password": {testPassword}})
	wantStatus(t, r, http.StatusBadRequest, "placing a user outside the street")
	wantContains(t, r, "placing a user outside", "不在您的管辖范围内", `value="gaoyu9"`)
	if n := count(t, e.db, "users"); n != before {
		t.Fatalf("refused user was stored: %d → %d", before, n)
	}
	// The calendar is the district's: a street admin reads it, cannot change it.
	cal := c.get("/admin/calendar?year=2026")
	wantStatus(t, cal, http.StatusOK, "street admin reads the calendar")
	wantLacks(t, cal, "street admin's calendar", `action="/admin/calendar/override`)
	wantStatus(t, c.post("/admin/calendar/override", url.Values{"date": {"2026-12-01"}, "kind": {"off"}, "name": {"x"}}),
		http.StatusForbidden, "street admin sets a calendar day")
}

func testRegions(t *testing.T, e *env) {
	c := e.client(t)
	c.signIn("admin", e.creds["admin"])
	r := c.get("/admin/regions/210504")
	wantStatus(t, r, http.StatusOK, "district page")
	wantContains(t, r, "district page", `<a href="/admin/regions/210504002">北地街道</a>`, "辽宁省", "本溪市")
	community := "210504002001"
	r = c.get("/admin/regions/" + community)
	wantStatus(t, r, http.StatusOK, "community page")
	wantContains(t, r, "community page", `<a href="/admin/regions/210504002">北地街道</a>`, "永光社区第1网格", community+"001")
	wantStatus(t, c.get("/admin/regions/210504999"), http.StatusNotFound, "no such street")

	// The grid map page and a grid's panel.
	r = c.get("/admin/grids?under=" + community)
	wantStatus(t, r, http.StatusOK, "grid map")
	wantContains(t, r, "grid map", `data-geojson="/ui/grids.geojson?under=`+community+`"`, `<option value="`+community+`001"`)
	panel := c.get("/admin/grids/"+community+"001", "HX-Request", "true")
	wantStatus(t, panel, http.StatusOK, "panel")
	bs, err := grid.ListBuildings(context.Background(), e.db, community+"001")
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, panel, "panel", "永光社区第1网格", fmt.Sprintf(`<dd id="panel-buildings">%d</dd>`, len(bs)), "gridhead", "网格长")
	wantLacks(t, panel, "panel fragment", "<html")
}

func testAddUser(t *testing.T, e *env) {
	c := e.client(t)
	c.signIn("admin", e.creds["admin"])
	before := count(t, e.db, "users")
	form := url.Values{"username": {"newclerk"}, "display_name": {"新来的社区干部"}, "role": {"community"},
		"node_code": {"210504002001"}, "password": {"short"}}
	r := c.post("/admin/users", form)
	wantStatus(t, r, http.StatusBadRequest, "weak password")
	wantContains(t, r, "weak password", `value="newclerk"`, `value="新来的社区干部"`, `<option value="community" selected>`,
		`<option value="210504002001" selected>`, `id="password-error"`, "密码至少需要 10 个字符")
	wantLacks(t, r, "weak password", `value="short"`)
	// A common password, or one holding the username, is refused in words.
	for pw, says := range map[string]string{"Password123": "最常见的密码", "newclerk2025": "不能包含用户名", "0000000000": "同一个字符"} {
		form.Set("password", pw)
		r = c.post("/admin/users", form)
		wantStatus(t, r, http.StatusBadRequest, "password "+pw)
		wantContains(t, r, "password "+pw, says)
		wantLacks(t, r, "password "+pw, "must not", "common passwords")
	}
	form.Set("password", testPassword)
	form.Set("node_code", "")
	r = c.post("/admin/users", form)
	wantStatus(t, r, http.StatusBadRequest, "no place")
	wantContains(t, r, "no place", `id="node_code-error"`)
	if n := count(t, e.db, "users"); n != before {
		t.Fatalf("refused forms stored users: %d → %d", before, n)
	}
	// Without the CSRF token nothing happens either.
	form.Set("node_code", "210504002001")
	form.Set("csrf_token", "forged")
	wantStatus(t, c.post("/admin/users", form), http.StatusForbidden, "forged CSRF token")
	form.Del("csrf_token")
	r = c.post("/admin/users", form)
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/admin/users?created=newclerk" {
		t.Fatalf("add user: %d → %q\n%s", r.Status, r.Header.Get("Location"), excerpt(r.Body))
	}
	u, err := auth.GetUserByUsername(context.Background(), e.db, "newclerk")
	if err != nil || u.Role != auth.RoleCommunity || u.NodeCode != "210504002001" || u.DisplayName != "新来的社区干部" {
		t.Fatalf("stored user %+v, %v", u, err)
	}
	list := c.get(r.Header.Get("Location"))
	wantContains(t, list, "user list", "已新增用户 newclerk", `>newclerk</a></th>`)
	// The same username again is a clear error.
	form.Set("display_name", "又一个")
	r = c.post("/admin/users", form)
	wantStatus(t, r, http.StatusBadRequest, "taken username")
	wantContains(t, r, "taken username", "该用户名已被使用")
}

func testDepartments(t *testing.T, e *env) {
	c := e.client(t)
	c.signIn("admin", e.creds["admin"])
	r := c.get("/admin/departments")
	wantStatus(t, r, http.StatusOK, "departments")
	wantContains(t, r, "departments", "区城市管理综合行政执法局", `<td class="code">chengguan</td>`)
	r = c.post("/admin/departments", url.Values{"code": {"Bad Code"}, "name": {"区信访局"}, "region_code": {"210504"}})
	wantStatus(t, r, http.StatusBadRequest, "bad code")
	wantContains(t, r, "bad code", `value="Bad Code"`, `value="区信访局"`, `id="code-error"`)
	r = c.post("/admin/departments", url.Values{"code": {"xinfang"}, "name": {"区信访局"}, "region_code": {"210504"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("add department: %d\n%s", r.Status, excerpt(r.Body))
	}
	wantContains(t, c.get(r.Header.Get("Location")), "after add", "已新增部门 xinfang", "区信访局")
	wantStatus(t, c.post("/admin/departments", url.Values{"code": {"xinfang"}, "name": {"重复"}, "region_code": {"210504"}}),
		http.StatusBadRequest, "taken code")
	// A region outside the admin's subtree is refused by the engine, and
	// the form says so by the region field.
	r = c.post("/admin/departments", url.Values{"code": {"pingshan"}, "name": {"平山区某局"}, "region_code": {"210502"}})
	wantStatus(t, r, http.StatusBadRequest, "outside region")
	wantContains(t, r, "outside region", "所选区域不在您的管辖范围内")
}

// square is a closed ring of a small square with its south-west corner at
// lng, lat, as GeoJSON coordinates.
func square(lng, lat, d float64) string {
	return fmt.Sprintf(`[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]`, lng, lat, lng+d, lat, lng+d, lat+d, lng, lat+d, lng, lat)
}

func testGridImport(t *testing.T, e *env) {
	c := e.client(t)
	c.signIn(streetAdmin, e.creds[streetAdmin])
	before := count(t, e.db, "grids")
	// Far east of the district, where no grid lies.
	const lng, lat = 124.60, 41.00
	bad := `{"type":"FeatureCollection","features":[
	 {"type":"Feature","properties":{"community_code":"210504002001","name":"新网格甲"},"geometry":{"type":"Polygon","coordinates":` + square(lng, lat, 0.002) + `}},
	 {"type":"Feature","properties":{"community_code":"210504002001","name":"新网格乙"},"geometry":{"type":"Polygon","coordinates":[[[1,2]]]}},
	 {"type":"Feature","properties":{"name":"无社区"},"geometry":{"type":"Polygon","coordinates":` + square(lng+0.01, lat, 0.002) + `}}]}`
	r := c.upload("/admin/grids/import", map[string]string{"under": streetAdminNode}, "geojson", "bad.geojson", []byte(bad))
	wantStatus(t, r, http.StatusBadRequest, "bad GeoJSON")
	wantContains(t, r, "bad GeoJSON", "没有导入任何网格", "feature 1", "feature 2")
	outside := `{"type":"FeatureCollection","features":[
	 {"type":"Feature","properties":{"community_code":"` + otherStreet + `001","name":"越界"},"geometry":{"type":"Polygon","coordinates":` + square(lng, lat, 0.002) + `}}]}`
	r = c.upload("/admin/grids/import", map[string]string{"under": streetAdminNode}, "geojson", "outside.geojson", []byte(outside))
	wantStatus(t, r, http.StatusBadRequest, "grid outside the scope")
	wantContains(t, r, "grid outside the scope", otherStreet+"001", "不在您的管辖范围内")
	if n := count(t, e.db, "grids"); n != before {
		t.Fatalf("refused imports stored grids: %d → %d", before, n)
	}

	good := `{"type":"FeatureCollection","features":[
	 {"type":"Feature","properties":{"community_code":"210504002001","name":"测试网格","seq":900},"geometry":{"type":"Polygon","coordinates":` + square(lng, lat, 0.002) + `}}]}`
	r = c.upload("/admin/grids/import", map[string]string{"under": streetAdminNode, "dry_run": "1"}, "geojson", "good.geojson", []byte(good))
	wantStatus(t, r, http.StatusOK, "dry run")
	wantContains(t, r, "dry run", "检查通过（未导入）", "新增 1，更新 0，未变 0")
	if n := count(t, e.db, "grids"); n != before {
		t.Fatalf("a dry run stored grids: %d → %d", before, n)
	}
	r = c.upload("/admin/grids/import", map[string]string{"under": streetAdminNode}, "geojson", "good.geojson", []byte(good))
	wantStatus(t, r, http.StatusOK, "good import")
	wantContains(t, r, "good import", "导入完成", "210504002001900")
	if n := count(t, e.db, "grids"); n != before+1 {
		t.Fatalf("grids %d → %d, want one more", before, n)
	}
	// The locator was rebuilt: the public locate finds the new grid.
	loc := c.get(fmt.Sprintf("/api/v1/locate?lat=%f&lng=%f", lat+0.001, lng+0.001))
	wantStatus(t, loc, http.StatusOK, "locate in the new grid")
	wantContains(t, loc, "locate", `"code":"210504002001900"`)
}

func testLanguage(t *testing.T, e *env) {
	c := e.client(t)
	r := c.get("/")
	wantContains(t, r, "default language", `<html lang="zh-CN">`, "工作人员登录", `href="/?lang=en"`)
	r = c.get("/?lang=en")
	wantContains(t, r, "English", `<html lang="en">`, "Staff sign-in", "grids</span>", `href="/?lang=zh-CN"`)
	if c.cookies["lang"] != "en" {
		t.Fatalf("lang cookie = %q", c.cookies["lang"])
	}
	r = c.get("/signin")
	wantContains(t, r, "English kept by the cookie", "Username", "Password")
	r = c.post("/signin", url.Values{"username": {"admin"}, "password": {"nope nope nope"}})
	wantContains(t, r, "English error", "Wrong username or password.")
	// The switch keeps the rest of the query.
	c.signIn("admin", e.creds["admin"])
	r = c.get("/admin/calendar?year=2025")
	wantContains(t, r, "switch link", `href="/admin/calendar?lang=zh-CN&amp;year=2025"`, "Working calendar 2025")
}

// TestCalendarPage runs at a fixed time, 23 November 2026, when the 2027
// schedule is due and (in the shipped data) missing.
func TestCalendarPage(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, calendar.DefaultLocation())
		e := newEnv(t, db, func() time.Time { return now })
		c := e.client(t)
		c.signIn("admin", e.creds["admin"])
		cal := e.app.Calendar.Calendar()
		if _, missing := cal.MissingYearWarning(now); !missing {
			t.Fatal("test premise: the 2027 schedule should be missing on 2026-11-23")
		}
		r := c.get("/admin/calendar?year=2026")
		wantStatus(t, r, http.StatusOK, "calendar 2026")
		// The warning in the page's language only (the log's is bilingual).
		wantContains(t, r, "calendar 2026", `id="missing-year"`, "2027 年的国务院节假日安排尚未导入", "<code>2027-02-07,work,春节调休</code>",
			`class="off holiday" title="2026-10-01 法定节假日: 国庆节"`, `title="2026-02-14 调休上班 (春节)"`)
		wantLacks(t, r, "calendar 2026", "WARNING")
		wantContains(t, c.get("/home"), "admin desk", "节假日安排缺失", "2027 年的国务院节假日安排尚未导入")
		wantLacks(t, c.get("/home"), "admin desk", "WARNING")

		// A notice with a bad line stores nothing and names the line.
		overrides := count(t, db, "calendar_overrides")
		bad := "date,kind,name\n2027-01-01,off,元旦\n2027-02-30,off,春节\n2027-02-07,maybe,春节调休\n"
		r = c.upload("/admin/calendar/import?year=2027", nil, "notice", "2027.csv", []byte(bad))
		wantStatus(t, r, http.StatusBadRequest, "bad notice")
		// In Chinese on the Chinese page, each problem with its line.
		wantContains(t, r, "bad notice", "第 3 行：日期“2027-02-30”无效", "第 4 行：类型“maybe”无效", "没有保存任何内容")
		wantLacks(t, r, "bad notice", "line 3", "is not a real date", "must be off")
		if n := count(t, db, "calendar_overrides"); n != overrides {
			t.Fatalf("bad notice stored %d rows", n-overrides)
		}
		good := "date,kind,name,name_en\n2027-01-01,off,元旦,New Year's Day\n2027-02-07,work,春节调休\n"
		r = c.upload("/admin/calendar/import?year=2027", nil, "notice", "2027.csv", []byte(good))
		wantStatus(t, r, http.StatusOK, "good notice")
		wantContains(t, r, "good notice", "已导入 2 天", `title="2027-02-07 调休上班 (春节调休)"`)
		wantLacks(t, r, "after the import", `id="missing-year"`)

		// One day changed by hand, then changed back.
		r = c.post("/admin/calendar/override?year=2027", url.Values{"date": {"2027-03-01"}, "kind": {"off"}, "name": {"防汛停工"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("override: %d\n%s", r.Status, excerpt(r.Body))
		}
		r = c.get(r.Header.Get("Location"))
		wantContains(t, r, "after override", "已保存 2027-03-01 的调整", `class="off holiday override" title="2027-03-01 法定节假日: 防汛停工"`)
		if cal := e.app.Calendar.Calendar(); cal.IsWorkday(time.Date(2027, 3, 1, 12, 0, 0, 0, calendar.DefaultLocation())) {
			t.Fatal("the running calendar still counts 2027-03-01 as a working day")
		}
		r = c.post("/admin/calendar/override?year=2027", url.Values{"date": {"2027-13-01"}, "kind": {"off"}, "name": {"x"}})
		wantStatus(t, r, http.StatusBadRequest, "bad date")
		wantContains(t, r, "bad date", `value="2027-13-01"`)
		r = c.post("/admin/calendar/override/delete?year=2027", url.Values{"date": {"2027-03-01"}})
		wantStatus(t, r, http.StatusSeeOther, "delete override")
		if cal := e.app.Calendar.Calendar(); !cal.IsWorkday(time.Date(2027, 3, 1, 12, 0, 0, 0, calendar.DefaultLocation())) {
			t.Fatal("2027-03-01 is still off after removing the override")
		}
		// The English page says the problems in English (last: the choice sticks).
		r = c.upload("/admin/calendar/import?year=2027&lang=en", nil, "notice", "2027.csv", []byte(bad))
		wantContains(t, r, "bad notice in English", "line 3", "line 4", "must be off (休) or work (班)")
	})
}
