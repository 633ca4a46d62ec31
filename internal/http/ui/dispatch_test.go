package ui_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/store"
)

func TestDispatchBoard(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		clock := ordertest.NewNow(dispatchMonday)
		e := newEnv(t, db, clock.Now)
		g := demoGrid(t, e, streetAdminNode, 0)
		// Filed first but due first: a consultation has one working day.
		soon := fileOrder(t, e, g, order.ChannelHotline, "consult.policy", "想咨询老旧小区加装电梯补贴怎么申请")
		clock.Advance(time.Minute)
		later := fileOrder(t, e, g, order.ChannelHotline, "other.request", "小区门口的快递柜占了消防通道")

		c := e.client(t)
		c.signIn("dispatcher", e.creds["dispatcher"])
		r := c.get("/dispatch")
		wantStatus(t, r, http.StatusOK, "dispatch board")
		wantContains(t, r, "board", `id="dispatch-queue"`, `id="load-map"`, `id="dispatch-`+soon.Number+`"`,
			`action="/orders/`+later.Number+`/dispatch"`, `name="next" value="/dispatch"`, `name="co" value="chengguan"`)
		if i, j := strings.Index(r.Body, `id="q-`+soon.Number+`"`), strings.Index(r.Body, `id="q-`+later.Number+`"`); i < 0 || j < 0 || i > j {
			t.Errorf("queue order: %s at %d, %s at %d; want the sooner due first", soon.Number, i, later.Number, j)
		}
		wantLacks(t, r, "nothing is late yet", `class="order-row overdue"`)

		// Two days on, the consultation is overdue and marked so.
		clock.Advance(49 * time.Hour)
		c = e.client(t)
		c.signIn("dispatcher", e.creds["dispatcher"])
		r = c.get("/dispatch")
		if !regexp.MustCompile(`id="q-` + soon.Number + `" class="order-row overdue"`).MatchString(r.Body) {
			t.Errorf("the overdue order lacks the overdue class\n%s", excerpt(r.Body))
		}
		if regexp.MustCompile(`id="q-` + later.Number + `" class="order-row overdue"`).MatchString(r.Body) {
			t.Error("the order due on Thursday is marked overdue on Wednesday")
		}
		wantContains(t, r, "counts", `<li id="count-overdue" class="bad"><strong>1</strong>`, `<li id="count-waiting"><strong>2</strong>`)

		// Filters: a category leaves one order.
		r = c.get("/dispatch?category=other.request")
		wantContains(t, r, "filtered", `id="q-`+later.Number+`"`, `id="filter-reset"`)
		wantLacks(t, r, "filtered", `id="q-`+soon.Number+`"`)

		// The load map counts the grid's open and overdue orders.
		r = c.get("/dispatch/load.geojson")
		wantStatus(t, r, http.StatusOK, "load.geojson")
		var fc struct {
			Features []struct {
				Properties struct {
					Code          string
					Open, Overdue int
				}
			}
		}
		if err := json.Unmarshal([]byte(r.Body), &fc); err != nil {
			t.Fatalf("load.geojson: %v", err)
		}
		found := false
		for _, f := range fc.Features {
			if f.Properties.Code == g {
				found = true
				if f.Properties.Open != 2 || f.Properties.Overdue != 1 {
					t.Errorf("grid %s: open %d overdue %d, want 2 and 1", g, f.Properties.Open, f.Properties.Overdue)
				}
			} else if f.Properties.Open != 0 {
				t.Errorf("grid %s has %d open orders, want 0", f.Properties.Code, f.Properties.Open)
			}
		}
		if !found || len(fc.Features) < 100 {
			t.Errorf("load.geojson: %d grids, grid %s found: %v", len(fc.Features), g, found)
		}

		// Callbacks list a resolved order with its rating form.
		done := dispatchResolved(t, e, later)
		r = c.get("/dispatch/callbacks")
		wantStatus(t, r, http.StatusOK, "callbacks")
		wantContains(t, r, "callbacks", `id="callback-`+done.Number+`"`, `action="/orders/`+done.Number+`/callback"`,
			`name="rating" value="unsatisfied"`, `name="next" value="/dispatch/callbacks"`)
		r = c.get("/dispatch/disputes")
		wantStatus(t, r, http.StatusOK, "disputes")
		wantContains(t, r, "disputes", `id="returned-none"`, `id="requests-none"`)
	})
}

func TestDispatchDisputes(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		g := demoGrid(t, e, streetAdminNode, 0)
		back, asks := dispatchDisputed(t, e, fileOrder(t, e, g, order.ChannelHotline, "other.request", "商铺占道经营"),
			fileOrder(t, e, g, order.ChannelHotline, "other.request", "小区围墙倒塌"))
		c := e.client(t)
		c.signIn("dispatcher", e.creds["dispatcher"])
		r := c.get("/dispatch/disputes")
		wantStatus(t, r, http.StatusOK, "disputes")
		wantContains(t, r, "returned", `id="r-`+back.Number+`"`, "不属于街道职责，应由市场监管局办理", "退单 1 次")
		wantContains(t, r, "extension", `id="x-`+asks.Number+`"`, "需协调产权单位，申请延期", "2 个工作日",
			`<span class="status request-extension">延期</span>`)
		wantLacks(t, r, "each in its list", `id="r-`+asks.Number+`"`, `id="x-`+back.Number+`"`)
		// The returned order is back in the queue, flagged.
		r = c.get("/dispatch")
		wantContains(t, r, "queue", `id="q-`+back.Number+`"`, `<span class="flag returned">退单 1 次</span>`)
	})
}

func TestDispatchRoles(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		fileOrder(t, e, demoGrid(t, e, streetAdminNode, 0), order.ChannelHotline, "other.request", "路边井盖松动")
		for _, who := range []string{"street", "operator", "department", "grid"} {
			c := e.client(t)
			c.signIn(who, e.creds[who])
			for _, path := range []string{"/dispatch", "/dispatch/disputes", "/dispatch/load.geojson"} {
				wantStatus(t, c.get(path), http.StatusForbidden, who+" "+path)
			}
			if who != "operator" {
				wantStatus(t, c.get("/dispatch/callbacks"), http.StatusForbidden, who+" callbacks")
			}
		}
		// Operators make callbacks too.
		op := e.client(t)
		op.signIn("operator", e.creds["operator"])
		r := op.get("/dispatch/callbacks")
		wantStatus(t, r, http.StatusOK, "operator callbacks")
		wantLacks(t, r, "operator callbacks", `id="dispatch-readonly"`, `href="/dispatch/disputes"`)
		c := e.client(t)
		c.signIn("supervisor", e.creds["supervisor"])
		r = c.get("/dispatch")
		wantStatus(t, r, http.StatusOK, "supervisor looks at the board")
		wantContains(t, r, "read-only board", `id="dispatch-readonly"`, `class="order-row`)
		wantLacks(t, r, "read-only board", `class="dispatch-form"`)
		wantStatus(t, e.client(t).get("/dispatch"), http.StatusSeeOther, "visitor")
	})
}
