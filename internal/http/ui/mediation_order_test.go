package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// TestOrderPageOpensMediation: a 邻里纠纷 order's page offers the community
// 转人民调解; one click opens the case from the order, after which the page
// links the case instead; a streetlight order offers nothing.
func TestOrderPageOpensMediation(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		g := demoGrid(t, e, "210504002001", 0)
		dispute := fileOrder(t, e, g, order.ChannelHotline, "neighbour.dispute", "楼上漏水把我家棚顶泡了，协商不成，请求调解")
		light := fileOrder(t, e, g, order.ChannelHotline, "streetlight.out", "路灯不亮")
		c := e.client(t)
		c.signIn("community", e.creds["community"])
		if r := c.get("/orders/" + light.Number); strings.Contains(r.Body, `id="order-mediation"`) {
			t.Fatal("a streetlight order offers mediation")
		}
		r := c.get("/orders/" + dispute.Number)
		wantStatus(t, r, http.StatusOK, "dispute order")
		wantContains(t, r, "dispute order", `id="order-mediation"`, "转人民调解")
		r = c.post("/mediation", url.Values{"order_number": {dispute.Number}})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/mediation/") {
			t.Fatalf("open from order: %d %q", r.Status, r.Header.Get("Location"))
		}
		caseURL := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
		if n := count(t, db, "mediation_cases"); n != 1 {
			t.Fatalf("%d cases", n)
		}
		r = c.get("/orders/" + dispute.Number)
		wantContains(t, r, "dispute order after", `href="`+caseURL+`"`)
		if strings.Contains(r.Body, `action="/mediation"`) {
			t.Error("the order still offers to open a second case")
		}
		r = c.post("/mediation", url.Values{"order_number": {dispute.Number}})
		wantStatus(t, r, http.StatusConflict, "second case")
		wantContains(t, r, "second case", "该工单已立调解案件")
	})
}
