package ui_test

import (
	"context"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/order"
	"civicgrid/internal/report"
)

var measuresCST = time.FixedZone("CST", 8*3600)

// measuresActor is a demo user as the server sees them, with their scope.
func measuresActor(t testing.TB, e *env, username string) (order.Actor, auth.Scope) {
	t.Helper()
	u, scope := e.staff(t, username)
	return order.StaffActor(u, scope, "127.0.0.1"), scope
}

// measuresClose takes an order to resolved (through 北地街道, or 城管) and, with a rating, closes it by a callback.
func measuresClose(t testing.TB, e *env, o order.Order, rating order.Rating) order.Order {
	t.Helper()
	ctx := context.Background()
	step := func(o order.Order, err error) order.Order {
		t.Helper()
		if err != nil {
			t.Fatalf("order %s: %v", o.Number, err)
		}
		return o
	}
	dispatcher, _ := measuresActor(t, e, "dispatcher")
	handler, _ := measuresActor(t, e, "department")
	// The demo has one street user, of 北地街道: orders of other streets
	// waiting at the centre go to 城管 instead.
	if o.Status == order.StatusPending && o.StreetCode == streetAdminNode {
		o = step(e.app.Orders.Dispatch(ctx, dispatcher, o.Number, o.Version, order.Target{Level: "street"}, "请街道处理"))
		handler, _ = measuresActor(t, e, "street")
	} else if o.Status == order.StatusPending {
		o = step(e.app.Orders.Dispatch(ctx, dispatcher, o.Number, o.Version,
			order.Target{Level: "department", Code: "chengguan"}, "请城管处理"))
	}
	o = step(e.app.Orders.Sign(ctx, handler, o.Number, o.Version))
	o = step(e.app.Orders.Reply(ctx, handler, o.Number, o.Version, "已收到，正在处理"))
	o = step(e.app.Orders.Resolve(ctx, handler, o.Number, o.Version, "已处理完毕", nil))
	if rating != "" {
		o = step(e.app.Orders.Callback(ctx, dispatcher, o.Number, o.Version, rating, "居民认可"))
	}
	return o
}

// measuresExpect is what the report says for a dashboard's default
// query (the last 30 days to today, both included) at node.
func measuresExpect(t testing.TB, e *env, scope auth.Scope, now time.Time, node string) report.Measures {
	t.Helper()
	today := now.In(measuresCST)
	to := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, measuresCST).AddDate(0, 0, 1)
	m, err := e.app.Reports.Measures(context.Background(), scope, report.Query{Node: node, From: to.AddDate(0, 0, -30), To: to})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
