package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/exchange"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// An order taken in before the district link existed is forwarded from the
// linkage page; an unknown number and an order from the upstream itself
// are refused in Chinese and queue nothing.
func TestExchangeForwardByHand(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		grid := demoGrid(t, e, streetAdminNode, 0)
		early := fileOrder(t, e, grid, order.ChannelHotline, "other.request", "链路建立之前受理的测试单")
		up, _, err := e.app.Orders.Create(ctx, order.UpstreamActor("city", "210504"), order.Input{Channel: order.ChannelUpstream,
			Category: "other.request", Description: "市平台转来的测试单", GridCode: grid, Address: "某小区3号楼",
			ReporterName: "王五", ReporterPhone: "13900001234"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.app.Exchange.AddLink(ctx, auth.SystemAdmin(), exchange.LinkInput{Name: "beidi", Direction: exchange.Downstream,
			BaseURL: "https://beidi.example", Regions: []string{streetAdminNode}}); err != nil {
			t.Fatal(err)
		}
		queued := func() int {
			var n int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE topic = ?`, exchange.TopicForward).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		c := e.client(t)
		c.signIn("admin", e.creds["admin"])
		wantContains(t, c.get("/admin/exchange"), "linkage page", `id="forward-form"`, "手工转派已有工单")
		for number, want := range map[string]string{"209901010001": "没有这个编号的工单", up.Number: "该工单来自上级平台"} {
			r := c.post("/admin/exchange/forward", url.Values{"number": {number}})
			wantStatus(t, r, http.StatusBadRequest, number)
			wantContains(t, r, number, `id="forward-error"`, want)
		}
		if n := queued(); n != 0 {
			t.Fatalf("refused forwards queued %d", n)
		}
		r := c.post("/admin/exchange/forward", url.Values{"number": {early.Number}})
		wantStatus(t, r, http.StatusSeeOther, "forward")
		wantContains(t, c.get(r.Header.Get("Location")), "after the forward", `id="forwarded"`, early.Number, "beidi")
		if n := queued(); n != 1 {
			t.Errorf("%d forwards queued, want 1", n)
		}
	})
}
