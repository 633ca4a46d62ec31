package order_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestListFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		a := mustCreate(t, e, operator, noise("楼上半夜装修电钻声")) // grid A, due Thu 24:00
		e.now.Advance(time.Minute)
		b := mustCreate(t, e, operator, order.Input{Channel: order.ChannelHotline, Category: "gas.leak",
			Description: "厨房有煤气味_100%", Point: inB, Attributes: map[string]string{"valve_closed": "yes"}}) // due 13:01
		e.now.Advance(time.Minute)
		in := noise("广场舞音响太大")
		in.Point = inC
		c := mustCreate(t, e, operator, in)

		check := func(name string, f order.Filter, want ...string) {
			t.Helper()
			page, err := e.svc.List(ctx, dispatcher, f)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var got []string
			for _, o := range page.Orders {
				got = append(got, o.Number)
			}
			if page.Total != len(want) || len(got) != len(want) {
				t.Fatalf("%s: got %v (total %d), want %v", name, got, page.Total, want)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%s: got %v, want %v (newest first)", name, got, want)
				}
			}
		}
		check("all", order.Filter{}, c.Number, b.Number, a.Number)
		check("category", order.Filter{Category: "gas.leak"}, b.Number)
		check("street prefix", order.Filter{Region: street1}, b.Number, a.Number)
		check("grid", order.Filter{Region: gridA}, a.Number)
		check("level", order.Filter{Level: category.LevelDepartment}, b.Number)
		check("handler", order.Filter{HandlerCode: gridC}, c.Number)
		check("due before tonight", order.Filter{DueBefore: time.Date(2026, 11, 23, 20, 0, 0, 0, cst)}, b.Number)
		check("text", order.Filter{Q: "广场舞"}, c.Number)
		check("number", order.Filter{Q: a.Number}, a.Number)
		check("LIKE wildcards are literal", order.Filter{Q: "_100%"}, b.Number)
		check("no wildcard match", order.Filter{Q: "%"}, b.Number)
		check("status", order.Filter{Statuses: []order.Status{order.StatusPending, order.StatusNew}})
		page, _ := e.svc.List(ctx, dispatcher, order.Filter{Limit: 1, Offset: 1})
		if page.Total != 3 || len(page.Orders) != 1 || page.Orders[0].Number != b.Number {
			t.Fatalf("second page of one: total %d, %+v", page.Total, page.Orders)
		}
		for _, f := range []order.Filter{{Statuses: []order.Status{"lost"}}, {Region: "21%"}, {Level: "moon"}, {Limit: 10000}, {Offset: -1}} {
			if _, err := e.svc.List(ctx, dispatcher, f); !errors.Is(err, order.ErrInvalid) {
				t.Errorf("filter %+v: %v", f, err)
			}
		}
	})
}
