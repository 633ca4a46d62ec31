package order_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestOpenLoadByGrid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		mustCreate(t, e, operator, noise("楼上半夜装修电钻声")) // grid A, open
		web := noise("楼下装修")
		web.Channel = order.ChannelWeb
		mustCreate(t, e, resident, web) // grid A, new: open too
		gone := mustCreate(t, e, resident, web)
		if _, err := e.svc.Cancel(ctx, operator, gone.Number, gone.Version, "重复来电"); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, e, operator, order.Input{Channel: order.ChannelHotline, Category: "gas.leak",
			Description: "厨房有煤气味", Point: inB, Attributes: map[string]string{"valve_closed": "yes"}}) // due in hours
		in := noise("广场舞音响太大")
		in.Point = inC
		mustCreate(t, e, operator, in)
		e.now.Advance(8 * time.Hour) // the gas leak is overdue, the noise is not

		loads := func(a order.Actor) string {
			t.Helper()
			got, err := e.svc.OpenLoadByGrid(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprint(got)
		}
		want := fmt.Sprint([]order.GridLoad{{GridCode: gridA, Open: 2}, {GridCode: gridB, Open: 1, Overdue: 1},
			{GridCode: gridC, Open: 1}})
		if got := loads(dispatcher); got != want {
			t.Errorf("dispatcher: %s, want %s", got, want)
		}
		if got, want := loads(streetOne), fmt.Sprint([]order.GridLoad{{GridCode: gridA, Open: 2},
			{GridCode: gridB, Open: 1, Overdue: 1}}); got != want {
			t.Errorf("street one: %s, want %s (its own street only)", got, want)
		}
		if got, want := loads(ranqi), fmt.Sprint([]order.GridLoad{{GridCode: gridB, Open: 1, Overdue: 1}}); got != want {
			t.Errorf("gas department: %s, want %s (the orders it handles)", got, want)
		}
		if got := loads(resident); got != "[]" {
			t.Errorf("resident: %s, want nothing", got)
		}
	})
}
