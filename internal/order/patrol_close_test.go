package order_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// A grid worker's patrol find closes when resolved: no resident called,
// so there is no callback to wait for, and a callback is refused.
func TestPatrolFindClosesOnResolve(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := order.Input{Channel: order.ChannelPatrol, Category: "noise.disturb", Description: "巡查发现工地夜间施工",
			Point: inA, Attributes: map[string]string{"source": "neighbour"}}
		o := mustCreate(t, e, gridWorker, in)
		if o.Status == order.StatusDispatched {
			o = must(t, "sign")(e.svc.Sign(ctx, gridWorker, o.Number, o.Version))
		}
		o = must(t, "resolve")(e.svc.Resolve(ctx, gridWorker, o.Number, o.Version, "已责令停工", nil))
		if o.Status != order.StatusClosed || o.ClosedAt.IsZero() || o.ResolvedAt.IsZero() {
			t.Fatalf("patrol find after resolve: %s closed %v", o.Status, o.ClosedAt)
		}
		if _, err := e.svc.Callback(ctx, dispatcher, o.Number, o.Version, order.RatingSatisfied, ""); !errors.Is(err, order.ErrIllegalTransition) {
			t.Fatalf("callback on a closed patrol find: %v", err)
		}
		// A resident's order still waits for its callback.
		r := resolvedNoise(t, e)
		if r.Status != order.StatusResolved {
			t.Fatalf("hotline order after resolve: %s", r.Status)
		}
	})
}
