package ui_test

import (
	"context"
	"testing"
	"time"

	"civicgrid/internal/order"
)

// dispatchMonday is Monday 23 November 2026, 09:00 in Shanghai: a plain
// working week follows.
var dispatchMonday = time.Date(2026, 11, 23, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// dispatchStep unwraps an engine step or fails the test.
func dispatchStep(t testing.TB) func(order.Order, error) order.Order {
	return func(o order.Order, err error) order.Order {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
}

// dispatchAtStreet sends an order from the centre to its street, which
// signs for it.
func dispatchAtStreet(t testing.TB, e *env, o order.Order) order.Order {
	t.Helper()
	ctx := context.Background()
	step := dispatchStep(t)
	o = step(e.app.Orders.Dispatch(ctx, e.actor(t, "dispatcher"), o.Number, o.Version,
		order.Target{Level: "street"}, "请街道处理"))
	return step(e.app.Orders.Sign(ctx, e.actor(t, "street"), o.Number, o.Version))
}

// dispatchResolved takes an order from the centre to resolved: the
// dispatcher sends it to its street, which signs and resolves it.
func dispatchResolved(t testing.TB, e *env, o order.Order) order.Order {
	t.Helper()
	o = dispatchAtStreet(t, e, o)
	return dispatchStep(t)(e.app.Orders.Resolve(context.Background(), e.actor(t, "street"), o.Number, o.Version,
		"已联系物业处理完毕", nil))
}

// dispatchDisputed makes one order returned to the centre by its street
// and another whose street asks for two more working days.
func dispatchDisputed(t testing.TB, e *env, returned, extended order.Order) (order.Order, order.Order) {
	t.Helper()
	ctx := context.Background()
	street := e.actor(t, "street")
	step := dispatchStep(t)
	returned = dispatchAtStreet(t, e, returned)
	returned = step(e.app.Orders.Return(ctx, street, returned.Number, returned.Version, "不属于街道职责，应由市场监管局办理"))
	extended = dispatchAtStreet(t, e, extended)
	extended = step(e.app.Orders.RequestExtension(ctx, street, extended.Number, extended.Version, 2, "需协调产权单位，申请延期"))
	return returned, extended
}
