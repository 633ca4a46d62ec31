package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// TestGridWorkerPages: /grid shows the worker's grid and nothing of
// another; a patrol report files one patrol order in the worker's grid
// however often it is sent; a report without a location files nothing
// and keeps what was typed; other roles get 403.
func TestGridWorkerPages(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		mine := gwMyGrid(t, e)
		other := demoGrid(t, e, otherStreet, 0)
		inMine := fileOrder(t, e, mine.GridCode, order.ChannelHotline, "corridor.clutter", "三单元楼道堆满纸箱")
		inOther := fileOrder(t, e, other, order.ChannelHotline, "corridor.clutter", "另一条街道的楼道堆物")

		c := e.client(t)
		c.signIn("grid", e.creds["grid"])
		home := c.get("/grid")
		wantStatus(t, home, http.StatusOK, "/grid")
		wantContains(t, home, "/grid", mine.GridName, inMine.Number, `href="/orders/`+inMine.Number+`"`, `id="gw-report-link"`)
		wantLacks(t, home, "/grid", inOther.Number)

		t.Run("other roles", func(t *testing.T) {
			op := e.client(t)
			op.signIn("operator", e.creds["operator"])
			wantStatus(t, op.get("/grid"), http.StatusForbidden, "operator on /grid")
			wantStatus(t, op.get("/grid/report"), http.StatusForbidden, "operator on /grid/report")
			b := e.client(t)
			b.signIn("building", e.creds["building"])
			// A building head's /grid lists what they reported, not the grid's orders.
			bh := b.get("/grid")
			wantStatus(t, bh, http.StatusOK, "building head on /grid")
			wantContains(t, bh, "building head on /grid", "我上报的事项")
			wantLacks(t, bh, "building head on /grid", inMine.Number)
			// A building head (楼长) reports what they see in their building's
			// grid; resolving on the spot is the grid worker's, not offered.
			r := b.get("/grid/report")
			wantStatus(t, r, http.StatusOK, "building head on /grid/report")
			wantContains(t, r, "building report page", `id="gw-report-form"`, mine.GridName)
			wantLacks(t, r, "building report page", `id="gw-handled"`)
			lat, lng := gwPointIn(t, e, mine.GridCode)
			number := gwCreatedNumber(t, b.upload("/grid/report", map[string]string{"lat": lat, "lng": lng,
				"category": "corridor.clutter", "description": "3单元一楼楼道堆满纸箱", "idempotency_key": "bld-1",
				"grid_code": mine.GridCode, "handled": "1"}, "photo", "b.png", gwPNG(t)))
			o, err := e.app.Orders.Get(ctx, e.actor(t, "grid"), number)
			if err != nil || o.Channel != order.ChannelPatrol || o.GridCode != mine.GridCode || !o.Status.Open() {
				t.Fatalf("building head's report: %+v, %v", o, err)
			}
		})

		t.Run("patrol report", func(t *testing.T) {
			form := c.get("/grid/report")
			wantStatus(t, form, http.StatusOK, "/grid/report")
			wantContains(t, form, "report form", `id="gw-locate"`, `capture="environment"`, `name="idempotency_key"`, "corridor.clutter")
			lat, lng := gwPointIn(t, e, mine.GridCode)
			fields := map[string]string{"lat": lat, "lng": lng, "category": "corridor.clutter",
				"description": "5号楼楼道堆放杂物，堵塞消防通道", "idempotency_key": "gw-test-key-1", "grid_code": mine.GridCode}
			before := gwCountOrders(t, e, order.ChannelPatrol)
			number := gwCreatedNumber(t, c.upload("/grid/report", fields, "photo", "find.png", gwPNG(t)))
			o, err := e.app.Orders.Get(ctx, e.actor(t, "grid"), number)
			if err != nil {
				t.Fatal(err)
			}
			if o.Channel != order.ChannelPatrol || o.GridCode != mine.GridCode {
				t.Fatalf("order %s: channel %q grid %q, want patrol in %s", number, o.Channel, o.GridCode, mine.GridCode)
			}
			photos, err := e.app.Orders.Photos(ctx, e.actor(t, "grid"), number)
			if err != nil || len(photos) != 1 {
				t.Fatalf("photos of %s: %v (%d)", number, err, len(photos))
			}
			// A retry on a flaky network: same key, same request.
			if again := gwCreatedNumber(t, c.upload("/grid/report", fields, "photo", "find.png", gwPNG(t))); again != number {
				t.Fatalf("retry filed %s, want the first order %s", again, number)
			}
			if n := gwCountOrders(t, e, order.ChannelPatrol); n != before+1 {
				t.Fatalf("%d patrol orders after a report and its retry, want %d", n, before+1)
			}
			done := c.get("/grid/report?created=" + number)
			wantContains(t, done, "after the report", `id="gw-created-number">`+number, `href="/orders/`+number+`"`)
			// The find shows on the worker's desk, counted as found on patrol.
			home := c.get("/grid")
			wantContains(t, home, "/grid after the report", number)
			// Every patrol find so far lies in this grid (the building
			// head's report included).
			want := strconv.Itoa(gwCountOrders(t, e, order.ChannelPatrol))
			if !strings.Contains(home.Body, `id="gw-m-patrol"><strong>`+want+`</strong>`) {
				t.Errorf("this month's patrol finds are not %s:\n%s", want, excerpt(home.Body))
			}
		})

		t.Run("handled on the spot", func(t *testing.T) {
			lat, lng := gwPointIn(t, e, mine.GridCode)
			r := c.post("/grid/report", url.Values{"lat": {lat}, "lng": {lng}, "category": {"litter.exposed"},
				"description": {"绿化带内有暴露垃圾"}, "idempotency_key": {"gw-test-key-2"}, "handled": {"1"},
				"note": {"已当场清理干净"}})
			number := gwCreatedNumber(t, r)
			if !strings.Contains(r.Header.Get("Location"), "spot=done") {
				t.Fatalf("handled on the spot redirects to %q", r.Header.Get("Location"))
			}
			o, err := e.app.Orders.Get(ctx, e.actor(t, "grid"), number)
			// A patrol find closes when resolved: no one to call back.
			if err != nil || o.Status != order.StatusClosed || o.ResolvedAt.IsZero() {
				t.Fatalf("order %s: %v, status %q, want closed", number, err, o.Status)
			}
			wantContains(t, c.get(r.Header.Get("Location")), "resolved on the spot", `id="gw-spot-done"`)

			// A category the catalogue sends to a department: filed, not resolved.
			r = c.post("/grid/report", url.Values{"lat": {lat}, "lng": {lng}, "category": {"ad.flyers"},
				"description": {"电线杆上贴满小广告"}, "idempotency_key": {"gw-test-key-3"}, "handled": {"1"},
				"note": {"已撕掉一部分"}})
			number = gwCreatedNumber(t, r)
			if !strings.Contains(r.Header.Get("Location"), "spot=failed") {
				t.Fatalf("department category redirects to %q", r.Header.Get("Location"))
			}
			if o, err := e.app.Orders.Get(ctx, e.actor(t, "dispatcher"), number); err != nil || !o.Status.Open() {
				t.Fatalf("order %s: %v, status %q: a department's order must not be resolved by the grid", number, err, o.Status)
			}

			// Ticked without saying what was done: nothing filed.
			before := gwCountOrders(t, e, order.ChannelPatrol)
			r = c.post("/grid/report", url.Values{"lat": {lat}, "lng": {lng}, "category": {"litter.exposed"},
				"description": {"又有垃圾"}, "idempotency_key": {"gw-test-key-4"}, "handled": {"1"}})
			wantStatus(t, r, http.StatusBadRequest, "handled without a note")
			wantContains(t, r, "handled without a note", `id="gw-note-error"`, "又有垃圾")
			if n := gwCountOrders(t, e, order.ChannelPatrol); n != before {
				t.Fatalf("%d patrol orders, want %d: nothing may be filed", n, before)
			}
		})

		t.Run("no location", func(t *testing.T) {
			before := gwCountOrders(t, e, order.ChannelPatrol)
			r := c.post("/grid/report", url.Values{"category": {"corridor.clutter"}, "grid_code": {mine.GridCode},
				"description": {"楼道里堆着旧沙发"}, "idempotency_key": {"gw-test-key-5"}})
			wantStatus(t, r, http.StatusBadRequest, "report without a location")
			wantContains(t, r, "report without a location", `id="gw-location-error"`, "没有位置", "楼道里堆着旧沙发",
				`value="gw-test-key-5"`, `<option value="corridor.clutter" selected>`)
			if n := gwCountOrders(t, e, order.ChannelPatrol); n != before {
				t.Fatalf("%d patrol orders, want %d: nothing may be filed", n, before)
			}
			// Outside the worker's grid: refused with a clear message.
			lat, lng := gwPointIn(t, e, other)
			r = c.post("/grid/report", url.Values{"lat": {lat}, "lng": {lng}, "category": {"corridor.clutter"},
				"description": {"别处的问题"}, "idempotency_key": {"gw-test-key-6"}})
			wantStatus(t, r, http.StatusBadRequest, "report outside my grid")
			wantContains(t, r, "report outside my grid", "不在您的网格范围内", "别处的问题")
			// With an address instead, in my grid: filed.
			number := gwCreatedNumber(t, c.post("/grid/report", url.Values{"category": {"corridor.clutter"},
				"grid_code": {mine.GridCode}, "address": {"永光社区8号楼1单元"}, "description": {"楼道里堆着旧沙发"},
				"idempotency_key": {"gw-test-key-5"}}))
			if o, err := e.app.Orders.Get(ctx, e.actor(t, "grid"), number); err != nil || o.GridCode != mine.GridCode {
				t.Fatalf("order by address: %v, grid %q", err, o.GridCode)
			}
		})

		t.Run("suggestions and fields", func(t *testing.T) {
			r := c.get("/grid/report/suggest?description=" + url.QueryEscape("楼道里堆了很多杂物"))
			wantStatus(t, r, http.StatusOK, "suggest")
			wantContains(t, r, "suggest", `data-code="corridor.clutter"`)
			r = c.get("/grid/report/fields?category=gas.leak")
			wantContains(t, r, "fields of gas.leak", `name="attr.valve_closed"`)
		})
	})
}
