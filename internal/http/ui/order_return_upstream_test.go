package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// An order the upstream platform forwarded: the dispatcher's page offers
// 退回上级平台 while a department holds it; without a reason the form
// says so and nothing changes; with one the order is cancelled here in one
// step. The district's own orders never offer it.
func TestOrderReturnUpstreamForm(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		up, _, err := e.app.Orders.Create(ctx, order.UpstreamActor("city", "210504"), order.Input{Channel: order.ChannelUpstream,
			Category: "other.request", Description: "市平台转来的路面塌陷测试单", GridCode: demoGrid(t, e, streetAdminNode, 0),
			Address: "某小区3号楼", ReporterName: "王五", ReporterPhone: "13900001234"})
		if err != nil {
			t.Fatal(err)
		}
		own := fileOrder(t, e, demoGrid(t, e, streetAdminNode, 0), order.ChannelHotline, "other.request", "本区来电测试单")
		d := orderSignedIn(t, e, "dispatcher")
		wantLacks(t, d.get("/orders/"+own.Number), "own order", `id="order-action-return_upstream"`)

		up = orderNow(t, e, up.Number)
		if up.Status == order.StatusPending {
			if up, err = e.app.Orders.Dispatch(ctx, e.actor(t, "dispatcher"), up.Number, up.Version,
				order.Target{Level: "department", Code: "chengguan"}, "请城管处理"); err != nil {
				t.Fatal(err)
			}
		}
		path := "/orders/" + up.Number
		r := d.get(path)
		wantStatus(t, r, http.StatusOK, "upstream order")
		wantContains(t, r, "upstream order", `id="order-action-return_upstream"`, `id="order-return_upstream-submit"`, "退回上级平台")

		r = d.post(path+"/return_upstream", url.Values{"version": {orderVersion(up)}, "reason": {" "}})
		wantStatus(t, r, http.StatusBadRequest, "return without a reason")
		wantContains(t, r, "return without a reason", `class="field-error"`, "请填写理由")
		if got := orderNow(t, e, up.Number); got.Version != up.Version {
			t.Fatalf("a refused return changed the order: v%d → v%d", up.Version, got.Version)
		}
		r = d.post(path+"/return_upstream", url.Values{"version": {orderVersion(up)}, "reason": {"属于平山区管辖"}})
		wantStatus(t, r, http.StatusSeeOther, "return upstream")
		if got := orderNow(t, e, up.Number); got.Status != order.StatusCancelled {
			t.Errorf("after the return: %s, want cancelled", got.Status)
		}
		wantContains(t, d.get(path), "returned order", "属于平山区管辖", "退回上级平台")
	})
}
