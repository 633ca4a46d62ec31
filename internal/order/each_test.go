package order_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestEachWalksWhatListPages: Each gives every order List would, in the
// same order and as the same actor sees them, across batch boundaries —
// also between orders filed in the same millisecond.
func TestEachWalksWhatListPages(t *testing.T) {
	storetest.Serial(t) // the batch size is package state
	defer order.SetEachBatch(3)()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		for i := range 8 {
			in := noise("装修噪音")
			if i%3 == 1 {
				in.Point = inC // street two
			}
			in.Confidential = i == 4
			mustCreate(t, e, operator, in)
			if i%2 == 0 { // pairs share a millisecond
				e.now.Advance(time.Second)
			}
		}
		atDepartment(t, e, "chengguan", "ranqi", "shuiwu")
		for _, c := range []struct {
			name string
			a    order.Actor
			f    order.Filter
		}{
			{"district", dispatcher, order.Filter{}},
			{"street scope", streetOne, order.Filter{}},
			{"filter", dispatcher, order.Filter{Region: street1, Category: "noise.disturb"}},
			{"co-handler", shuiwu, order.Filter{}},
		} {
			page, err := e.svc.List(ctx, c.a, order.Filter{Region: c.f.Region, Category: c.f.Category, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			var walked []order.Order
			if err := e.svc.Each(ctx, c.a, c.f, func(o order.Order) error { walked = append(walked, o); return nil }); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if len(walked) != page.Total || len(walked) == 0 {
				t.Fatalf("%s: Each gave %d orders, List %d", c.name, len(walked), page.Total)
			}
			for i, o := range walked {
				want := page.Orders[i]
				if o.Number != want.Number || o.Reporter != want.Reporter || !slices.Equal(o.CoHandlers, want.CoHandlers) {
					t.Errorf("%s #%d: Each %s %+v %v, List %s %+v %v", c.name, i, o.Number, o.Reporter, o.CoHandlers,
						want.Number, want.Reporter, want.CoHandlers)
				}
			}
		}
		// fn's error stops the walk and comes back.
		stop := errors.New("enough")
		n := 0
		err := e.svc.Each(ctx, dispatcher, order.Filter{}, func(order.Order) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("Each after an error: %v after %d orders", err, n)
		}
		// A bad filter is refused before anything is read.
		if err := e.svc.Each(ctx, dispatcher, order.Filter{Region: "21x"}, func(order.Order) error { return nil }); err == nil {
			t.Error("Each took a region code with a letter")
		}
	})
}
