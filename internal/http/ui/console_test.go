package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// consoleGrid is the first grid of 北地街道 (the demo street) and a point
// inside it that the server's locator places there.
func consoleGrid(t testing.TB, e *env) (grid.Grid, orb.Point) {
	t.Helper()
	ctx := context.Background()
	g, err := grid.Get(ctx, e.db, demoGrid(t, e, streetAdminNode, 0))
	if err != nil {
		t.Fatal(err)
	}
	b := g.Geometry.Bound()
	for i := 1; i < 20; i++ {
		for j := 1; j < 20; j++ {
			lng := b.Min[0] + (b.Max[0]-b.Min[0])*float64(i)/20
			lat := b.Min[1] + (b.Max[1]-b.Min[1])*float64(j)/20
			if code, ok := e.app.Locator.Locate(lng, lat); ok && code == g.Code {
				return g, orb.Point{lng, lat}
			}
		}
	}
	t.Fatalf("no point found inside grid %s", g.Code)
	return g, orb.Point{}
}

var consoleKeyRE = regexp.MustCompile(`name="idempotency_key" id="console-key" value="([^"]+)"`)

// consoleOpen loads the console and returns the form's idempotency key.
func consoleOpen(t testing.TB, c *client) string {
	t.Helper()
	r := c.get("/console")
	wantStatus(t, r, http.StatusOK, "console")
	m := consoleKeyRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("console has no idempotency key\n%s", excerpt(r.Body))
	}
	return m[1]
}

func consoleNumber(t testing.TB, r response) string {
	t.Helper()
	loc := r.Header.Get("Location")
	n, ok := strings.CutPrefix(loc, "/console?saved=")
	if r.Status != http.StatusSeeOther || !ok {
		t.Fatalf("save: status %d, location %q\n%s", r.Status, loc, excerpt(r.Body))
	}
	n, _, _ = strings.Cut(n, "&")
	return n
}

func consoleCount(t testing.TB, db *store.DB, where string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM orders WHERE `+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestConsoleFilesHotlineOrderOnce(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		g, pt := consoleGrid(t, e)
		c := e.client(t)
		c.signIn("operator", e.creds["operator"])
		key := consoleOpen(t, c)
		form := url.Values{"idempotency_key": {key}, "reporter_name": {"王先生"}, "reporter_phone": {"139 0000 1234"},
			"address": {"北地街道幸福小区3号楼"}, "lat": {strconv.FormatFloat(pt[1], 'f', 7, 64)}, "lng": {strconv.FormatFloat(pt[0], 'f', 7, 64)},
			"description": {"小区门口路灯不亮已经三天"}, "category": {"streetlight.out"}, "attr.pole_number": {"BD-017"}}
		number := consoleNumber(t, c.post("/console", form))

		var channel, gridCode, level, handler, demand string
		if err := db.QueryRowContext(context.Background(), `SELECT channel, grid_code, handler_level, handler_code, demand_type FROM orders WHERE number = ?`,
			number).Scan(&channel, &gridCode, &level, &handler, &demand); err != nil {
			t.Fatal(err)
		}
		if channel != order.ChannelHotline || gridCode != g.Code || level != "department" || handler != "chengguan" {
			t.Fatalf("order %s: channel %s, grid %s, handler %s:%s; want hotline, %s, department:chengguan", number, channel, gridCode, level, handler, g.Code)
		}
		if demand != "other" { // no demand type chosen: the words decide
			t.Fatalf("order %s: demand type %q, want other", number, demand)
		}
		// The operator confirms another type: it is kept.
		typed := url.Values{}
		for k, v := range form {
			typed[k] = v
		}
		typed.Set("idempotency_key", consoleOpen(t, c))
		typed.Set("demand_type", "complaint")
		second := consoleNumber(t, c.post("/console", typed))
		if err := db.QueryRowContext(context.Background(), `SELECT demand_type FROM orders WHERE number = ?`, second).Scan(&demand); err != nil || demand != "complaint" {
			t.Fatalf("order %s: demand type %q (%v), want complaint as chosen", second, demand, err)
		}
		if _, err := db.ExecContext(context.Background(), `UPDATE orders SET status = 'cancelled' WHERE number = ?`, second); err != nil {
			t.Fatal(err)
		}

		// The same form sent again (a double click) is the same order.
		if again := consoleNumber(t, c.post("/console", form)); again != number {
			t.Fatalf("second submit filed %s, first %s", again, number)
		}
		if n := count(t, db, "orders"); n != 2 {
			t.Fatalf("%d orders after a double submit (and the typed one)", n)
		}

		page := c.get("/console?saved=" + number)
		wantStatus(t, page, http.StatusOK, "console after save")
		wantContains(t, page, "saved page", `id="console-saved"`, number, "已登记", `data-number="`+number+`"`, g.Name)
		// The next call starts on an empty form with a fresh key.
		if k := consoleKeyRE.FindStringSubmatch(page.Body); k == nil || k[1] == key {
			t.Fatalf("the next form reuses the key %q", key)
		}
		wantLacks(t, page, "empty form", `value="王先生"`)
	})
}

func TestConsoleAnswersConsultationInOneSubmit(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		g, _ := consoleGrid(t, e)
		c := e.client(t)
		c.signIn("operator", e.creds["operator"])
		fields := c.get("/console/fields?category=consult.policy")
		wantContains(t, fields, "consultation fields", `id="console-answer"`)
		wantLacks(t, c.get("/console/fields?category=streetlight.out"), "streetlight fields", `id="console-answer"`)

		number := consoleNumber(t, c.post("/console", url.Values{"idempotency_key": {consoleOpen(t, c)},
			"reporter_name": {"李女士"}, "address": {"北地街道"}, "community_code": {g.CommunityCode},
			"description": {"请问老旧小区加装电梯的补贴政策怎么申请"}, "category": {"consult.policy"},
			"answer": {"可向所在街道住建办提交申请，补贴标准见区住建局公告。"},
			// Left over from a category chosen before: not this order's.
			"attr.source": {"neighbour"}}))
		if n := consoleCount(t, db, `number = ? AND status = 'closed' AND kind = 'consult' AND channel = 'hotline'`, number); n != 1 {
			t.Fatalf("consultation %s is not closed", number)
		}
		var events int
		if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM order_events ev JOIN orders o ON o.id = ev.order_id
			WHERE o.number = ? AND ev.action = 'answer'`, number).Scan(&events); err != nil || events != 1 {
			t.Fatalf("answer events: %d (%v)", events, err)
		}
		wantContains(t, c.get("/console?saved="+number), "saved consultation", "已直接答复并办结")
	})
}

func TestConsoleBadInputKeepsWhatWasTyped(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		g, _ := consoleGrid(t, e)
		c := e.client(t)
		c.signIn("operator", e.creds["operator"])
		key := consoleOpen(t, c)
		r := c.post("/console", url.Values{"idempotency_key": {key}, "reporter_name": {"赵先生"}, "reporter_phone": {"13800001111"},
			"address": {"幸福小区5号楼"}, "community_code": {g.CommunityCode}, "grid_code": {g.Code},
			"description": {"   "}, "category": {"noise.disturb"}, "attr.source": {"neighbour"}})
		wantStatus(t, r, http.StatusBadRequest, "empty description")
		wantContains(t, r, "bad input", `id="console-errors"`, `id="console-description-error"`, `value="赵先生"`,
			`value="13800001111"`, `value="幸福小区5号楼"`, `value="`+key+`"`, `<option value="`+g.Code+`" selected>`,
			`<option value="noise.disturb" selected>`, `<option value="neighbour" selected>`)

		r = c.post("/console", url.Values{"idempotency_key": {key}, "reporter_name": {"赵先生"}, "reporter_phone": {"12ab"},
			"address": {"幸福小区5号楼"}, "grid_code": {g.Code}, "description": {"楼上噪音"}, "category": {"noise.disturb"},
			"attr.source": {"neighbour"}})
		wantStatus(t, r, http.StatusBadRequest, "bad phone")
		wantContains(t, r, "bad phone", `id="console-phone-error"`, `value="12ab"`, "楼上噪音")

		r = c.post("/console", url.Values{"idempotency_key": {key}, "description": {"楼上噪音"}, "category": {"noise.disturb"},
			"attr.source": {"neighbour"}})
		wantStatus(t, r, http.StatusBadRequest, "no place")
		wantContains(t, r, "no place", `id="console-place-error"`)

		r = c.post("/console", url.Values{"idempotency_key": {key}, "grid_code": {g.Code}, "address": {"x"},
			"description": {"楼上噪音"}, "category": {"noise.disturb"}})
		wantStatus(t, r, http.StatusBadRequest, "required category field missing")
		wantContains(t, r, "missing field", `id="console-attr-source-error"`)
		if n := count(t, db, "orders"); n != 0 {
			t.Fatalf("bad input filed %d orders", n)
		}
	})
}

func TestConsoleIsForOperators(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		c := e.client(t)
		c.signIn("street", e.creds["street"])
		wantStatus(t, c.get("/console"), http.StatusForbidden, "street opens the console")
		wantStatus(t, c.get("/console/place?grid_code=1"), http.StatusForbidden, "street asks the place fragment")
		r := c.post("/console", url.Values{"description": {"x"}, "category": {"consult.policy"}, "community_code": {streetAdminNode + "001"}})
		wantStatus(t, r, http.StatusForbidden, "street posts the console")
		if n := count(t, db, "orders"); n != 0 {
			t.Fatalf("a street user filed %d orders", n)
		}
		d := e.client(t)
		d.signIn("dispatcher", e.creds["dispatcher"])
		wantStatus(t, d.get("/console"), http.StatusOK, "dispatcher opens the console")
	})
}

func TestConsoleFragments(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		g, pt := consoleGrid(t, e)
		c := e.client(t)
		c.signIn("operator", e.creds["operator"])
		at := "lat=" + strconv.FormatFloat(pt[1], 'f', 7, 64) + "&lng=" + strconv.FormatFloat(pt[0], 'f', 7, 64)

		place := c.get("/console/place?" + at)
		wantStatus(t, place, http.StatusOK, "place")
		wantContains(t, place, "place by point", `id="console-place-grid"`, g.Name, g.Code, "北地街道")
		wantLacks(t, place, "fragment", "<html")
		wantContains(t, c.get("/console/place?grid_code="+g.Code), "place by grid", g.Name)
		wantContains(t, c.get("/console/place?lat=10&lng=10"), "place outside", "不在任何网格内")
		wantContains(t, c.get("/console/grids?community_code="+g.CommunityCode), "grids of a community", `value="`+g.Code+`"`)

		wantContains(t, c.get("/console/suggest?description="+url.QueryEscape("楼上半夜噪音很大")), "suggestions",
			`data-code="noise.disturb"`)

		similar := c.get("/console/similar?" + at + "&category=streetlight.out&description=" + url.QueryEscape("路灯不亮"))
		wantContains(t, similar, "nothing similar yet", `id="console-similar-none"`)
		existing, _, err := e.app.Orders.Create(context.Background(), e.actor(t, "operator"), order.Input{
			Channel: order.ChannelHotline, Category: "streetlight.out", Description: "幸福小区门口路灯不亮",
			Point: &order.Point{Lng: pt[0], Lat: pt[1]}, Address: "幸福小区"})
		if err != nil {
			t.Fatal(err)
		}
		similar = c.get("/console/similar?" + at + "&category=streetlight.out&description=" + url.QueryEscape("路灯不亮"))
		wantContains(t, similar, "similar order", `id="console-similar-list"`, `data-number="`+existing.Number+`"`)
		// Not for a street user, and nothing from another street.
		s := e.client(t)
		s.signIn("street", e.creds["street"])
		wantStatus(t, s.get("/console/similar?"+at), http.StatusForbidden, "street asks for similar orders")
	})
}

// TestConsoleFilesByStandardAddress: the operator types only an address;
// the order lands in its grid, and one that names no standard address
// comes back at the address box in words.
func TestConsoleFilesByStandardAddress(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		g, _ := consoleGrid(t, e)
		if _, err := e.app.Addresses.Create(context.Background(), grid.CommandLine(g.Code), address.Input{Road: "幸福路", DoorNo: "8", GridCode: g.Code}); err != nil {
			t.Fatal(err)
		}
		c := e.client(t)
		c.signIn("operator", e.creds["operator"])
		form := func(addr string) url.Values {
			return url.Values{"idempotency_key": {consoleOpen(t, c)}, "reporter_name": {"王先生"}, "reporter_phone": {"139 0000 1234"},
				"address": {addr}, "description": {"小区门口路灯不亮已经三天"}, "category": {"streetlight.out"}, "attr.pole_number": {"BD-017"}}
		}
		number := consoleNumber(t, c.post("/console", form("幸福路八号")))
		var gridCode string
		if err := db.QueryRowContext(context.Background(), `SELECT grid_code FROM orders WHERE number = ?`, number).Scan(&gridCode); err != nil {
			t.Fatal(err)
		}
		if gridCode != g.Code {
			t.Fatalf("order in grid %q, want %s", gridCode, g.Code)
		}
		r := c.post("/console", form("幸福路88号"))
		wantStatus(t, r, http.StatusBadRequest, "unknown address")
		wantContains(t, r, "unknown address", "没有找到这个地址", "幸福路8号")
		wantLacks(t, r, "unknown address", "no standard address")
	})
}
