package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// TestOrderPageRaisesDeliberation: a 停车难 order's page offers the
// community 提交社区议事协商; one click raises the topic, after which the
// page links it and a second attempt is refused; the operator, who works
// no community's deliberation, is offered nothing.
func TestOrderPageRaisesDeliberation(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		g := demoGrid(t, e, "210504002001", 0)
		o := fileOrder(t, e, g, order.ChannelHotline, "parking.shortage", "小区晚上车位不够，希望社区组织大家商量错时停车")
		op := e.client(t)
		op.signIn("operator", e.creds["operator"])
		if r := op.get("/orders/" + o.Number); strings.Contains(r.Body, `id="order-deliberation"`) {
			t.Error("the operator is offered deliberation")
		}
		c := e.client(t)
		c.signIn("community", e.creds["community"])
		r := c.get("/orders/" + o.Number)
		wantContains(t, r, "order page", `id="order-deliberation"`, "提交社区议事协商")
		r = c.post("/deliberation/topics", url.Values{"order_number": {o.Number}})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/deliberation/topics/") {
			t.Fatalf("raise from order: %d %q", r.Status, r.Header.Get("Location"))
		}
		topicURL := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
		r = c.get("/orders/" + o.Number)
		wantContains(t, r, "order page after", `href="`+topicURL+`"`)
		if strings.Contains(r.Body, `action="/deliberation/topics"`) {
			t.Error("the order still offers a second topic")
		}
		r = c.post("/deliberation/topics", url.Values{"order_number": {o.Number}})
		wantStatus(t, r, http.StatusConflict, "second topic")
		wantContains(t, r, "second topic", "该工单已提交议事协商")
	})
}
