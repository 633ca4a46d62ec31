package ui_test

import (
	"context"
	"encoding/base64"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/exchange"
	"civicgrid/internal/store"
)

// holdUpstreamOrder has the link's upstream push an order whose category
// path is not mapped: it waits on the page.
func holdUpstreamOrder(t *testing.T, e *env, link, key, gridCode string) {
	t.Helper()
	ctx := context.Background()
	l, err := e.app.Exchange.LinkNamed(ctx, e.db, link)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := base64.StdEncoding.DecodeString(key)
	sealed, err := exchange.SealReporter(k, link, "C-77", exchange.Reporter{Name: "赵六", Phone: "13700001111"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.app.Exchange.ReceiveOrder(ctx, l, exchange.OrderMessage{MessageID: "m-77", Order: exchange.WireOrder{
		ID: "C-77", CategoryPath: "城市管理/市容环境/路灯不亮", Text: "小区门口路灯坏了一周", ReporterSealed: sealed,
		ReceivedAt: time.Now().Add(-time.Hour), Place: exchange.Place{RegionCode: gridCode[:12], GridCode: gridCode, Address: "永光小区北门"}}})
	if err != nil || r.Status != exchange.ReceiptHeld {
		t.Fatalf("push: %+v %v", r, err)
	}
}

func TestExchangeAdminPage(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		c := e.client(t)
		c.signIn("admin", e.creds["admin"])
		page := c.get("/admin/exchange")
		wantStatus(t, page, http.StatusOK, "exchange page")
		wantContains(t, page, "exchange page", "四级联动", "还没有交换链路", "没有等候的工单")

		// Bad input: each field says what is wrong, in Chinese, and
		// nothing is added.
		bad := c.post("/admin/exchange/links", url.Values{"name": {"Bad Name"}, "direction": {"upstream"},
			"url": {"ftp://city.example"}, "regions": {"21050"}, "secret": {"short"}})
		wantStatus(t, bad, http.StatusBadRequest, "bad link")
		wantContains(t, bad, "bad link", "链路名称只能用小写字母")
		wantLacks(t, bad, "bad link", "short", "want ")
		if n := count(t, db, "exchange_links"); n != 0 {
			t.Fatalf("%d links after bad input", n)
		}
		for field, want := range map[string]string{"url": "请填写对方的 https 地址", "regions": "请填写区划代码", "secret": "至少 32 个字符"} {
			form := url.Values{"name": {"city"}, "direction": {"upstream"}, "url": {"https://city.example"}, "regions": {"210504"}}
			form.Set(field, map[string]string{"url": "ftp://x", "regions": "21050", "secret": "short"}[field])
			r := c.post("/admin/exchange/links", form)
			wantStatus(t, r, http.StatusBadRequest, field)
			wantContains(t, r, field, want)
		}

		// A good link: the secret and key are shown once.
		added := c.post("/admin/exchange/links", url.Values{"name": {"city"}, "direction": {"upstream"},
			"url": {"https://city.example/"}, "regions": {"210504"}})
		wantStatus(t, added, http.StatusOK, "add link")
		wantContains(t, added, "add link", `id="added-secret"`, `id="added-key"`, "https://city.example", "上级平台")
		key := html.UnescapeString(between(added.Body, `id="added-key">`, "<"))
		if len(key) != 44 {
			t.Fatalf("reporter key shown as %q", key)
		}
		if again := c.get("/admin/exchange"); strings.Contains(html.UnescapeString(again.Body), key) {
			t.Fatal("the key is shown again")
		}
		dup := c.post("/admin/exchange/links", url.Values{"name": {"city"}, "direction": {"upstream"},
			"url": {"https://city.example/"}, "regions": {"210504"}})
		wantContains(t, dup, "duplicate", "该链路名称已被使用")

		// A street admin cannot add a link for the district, and does
		// not see the district's link.
		sa := e.client(t)
		sa.signIn(streetAdmin, e.creds[streetAdmin])
		r := sa.post("/admin/exchange/links", url.Values{"name": {"other"}, "direction": {"upstream"},
			"url": {"https://city.example/"}, "regions": {"210504"}})
		wantStatus(t, r, http.StatusBadRequest, "street admin, district link")
		wantContains(t, r, "street admin", "不在您的管辖范围内")
		wantLacks(t, sa.get("/admin/exchange"), "street admin's page", "https://city.example")
		wantStatus(t, sa.post("/admin/exchange/links/city/remove", url.Values{}), http.StatusNotFound, "street admin removes")

		// An upstream order with an unmapped category waits; mapping it
		// files it.
		grid := demoGrid(t, e, streetAdminNode, 0)
		holdUpstreamOrder(t, e, "city", key, grid)
		page = c.get("/admin/exchange")
		wantContains(t, page, "held", "C-77", "城市管理/市容环境/路灯不亮", "小区门口路灯坏了一周")
		wantLacks(t, page, "held", "13700001111", "赵六")
		wantStatus(t, c.post("/admin/exchange/map", url.Values{"link": {"city"}, "path": {"城市管理/市容环境/路灯不亮"},
			"code": {"component"}}), http.StatusBadRequest, "map to a class")
		mapped := c.post("/admin/exchange/map", url.Values{"link": {"city"}, "path": {"城市管理/市容环境/路灯不亮"},
			"code": {"streetlight.out"}})
		wantStatus(t, mapped, http.StatusSeeOther, "map")
		done := c.get(mapped.Header.Get("Location"))
		wantContains(t, done, "after mapping", "已保存分类对应", "已登记工单", "没有等候的工单", "streetlight.out")
		var channel string
		if err := db.QueryRowContext(context.Background(), `SELECT channel FROM orders WHERE description = ?`, "小区门口路灯坏了一周").Scan(&channel); err != nil || channel != "upstream" {
			t.Fatalf("filed order channel %q, %v", channel, err)
		}

		// A link that carried orders stays.
		rm := c.post("/admin/exchange/links/city/remove", url.Values{})
		wantStatus(t, rm, http.StatusSeeOther, "remove a used link")
		wantContains(t, c.get(rm.Header.Get("Location")), "in use", "不能删除")
	})
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}
