package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// The coordination forms: a summons (吹哨) and its report-in (报到), an
// extension request and its approval, and revealing the reporter.
func TestOrderCoordinationForms(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		o := fileOrder(t, e, demoGrid(t, e, streetAdminNode, 0), order.ChannelHotline, "other.request", "小区违建需多部门联合处置测试单")
		path := "/orders/" + o.Number
		d := orderSignedIn(t, e, "dispatcher")
		wantStatus(t, d.post(path+"/dispatch", url.Values{"version": {orderVersion(o)}, "level": {"department"}, "code": {"chengguan"}}),
			http.StatusSeeOther, "dispatch")

		st := orderSignedIn(t, e, "street")
		r := st.get(path)
		wantContains(t, r, "street's page", `id="order-action-summon"`, `id="order-summon-submit"`)
		o = orderNow(t, e, o.Number)
		wantStatus(t, st.post(path+"/summon", url.Values{"version": {orderVersion(o)}, "co": {"chengguan"}, "note": {"请到现场联合执法"},
			"within": {"4"}}), http.StatusSeeOther, "summon")
		sums, err := e.app.Orders.SummonsOf(ctx, e.actor(t, "dispatcher"), o.Number)
		if err != nil || len(sums) != 1 || len(sums[0].Departments) != 1 {
			t.Fatalf("summons after the form: %+v, %v", sums, err)
		}

		dep := orderSignedIn(t, e, "department")
		r = dep.get(path)
		wantContains(t, r, "department's page", `id="order-action-report_in"`, `id="order-report_in-submit"`)
		wantStatus(t, dep.post(path+"/report_in", url.Values{"summons": {strconv.FormatInt(sums[0].ID, 10)}, "note": {"已到现场"},
			"version": {"1"}}), http.StatusSeeOther, "report in")
		if s, _ := e.app.Orders.SummonsOf(ctx, e.actor(t, "dispatcher"), o.Number); s[0].Departments[0].ReportedAt.IsZero() {
			t.Fatal("the report-in was not recorded")
		}

		o = orderNow(t, e, o.Number)
		wantStatus(t, dep.post(path+"/sign", url.Values{"version": {orderVersion(o)}}), http.StatusSeeOther, "sign")
		o = orderNow(t, e, o.Number)
		r = dep.post(path+"/extension_request", url.Values{"version": {orderVersion(o)}, "working_days": {"两天"}, "reason": {"需协调多部门"}})
		wantStatus(t, r, http.StatusBadRequest, "extension with words for days")
		wantContains(t, r, "extension with words for days", "order-extension_request-working_days-error", "需协调多部门")
		wantStatus(t, dep.post(path+"/extension_request", url.Values{"version": {orderVersion(o)}, "working_days": {"2"},
			"reason": {"需协调多部门"}}), http.StatusSeeOther, "extension request")

		r = d.get(path)
		wantContains(t, r, "dispatcher sees the request", `id="order-action-extension_approve"`, `id="order-action-extension_reject"`, "需协调多部门")
		o = orderNow(t, e, o.Number)
		wantStatus(t, d.post(path+"/extension_approve", url.Values{"version": {orderVersion(o)}}), http.StatusSeeOther, "approve")
		adj, err := e.app.Orders.Adjustments(ctx, e.actor(t, "dispatcher"), o.Number)
		if err != nil || adj.Extensions != 1 {
			t.Fatalf("extensions after approval: %d, %v", adj.Extensions, err)
		}

		r = d.post(path+"/reveal", url.Values{"purpose": {"x"}})
		wantStatus(t, r, http.StatusBadRequest, "reveal without a purpose")
		wantContains(t, r, "reveal without a purpose", `id="order-reveal-error"`)
		wantLacks(t, r, "reveal without a purpose", "13900001234")
		r = d.post(path+"/reveal", url.Values{"purpose": {"回访核实办理结果"}})
		wantStatus(t, r, http.StatusOK, "reveal")
		wantContains(t, r, "reveal", "13900001234", "王五", `id="order-revealed"`)
	})
}
