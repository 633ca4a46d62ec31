package order_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Filter.Channel lists the orders of one channel, such as the Open311
// requests (channel api), and refuses a channel that does not exist.
func TestListFilterByChannel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		hotline := mustCreate(t, e, operator, noise("楼上半夜装修电钻声"))
		e.now.Advance(time.Minute)
		in := noise("小区门口路灯不亮")
		in.Channel = order.ChannelAPI
		api := mustCreate(t, e, operator, in)

		for _, tc := range []struct {
			channel string
			want    string
		}{{order.ChannelAPI, api.Number}, {order.ChannelHotline, hotline.Number}} {
			page, err := e.svc.List(ctx, dispatcher, order.Filter{Channel: tc.channel})
			if err != nil {
				t.Fatalf("channel %s: %v", tc.channel, err)
			}
			if page.Total != 1 || len(page.Orders) != 1 || page.Orders[0].Number != tc.want {
				t.Fatalf("channel %s: total %d, %+v; want only %s", tc.channel, page.Total, page.Orders, tc.want)
			}
		}
		page, err := e.svc.List(ctx, dispatcher, order.Filter{Channel: order.ChannelEmail})
		if err != nil || page.Total != 0 {
			t.Fatalf("no e-mail orders: total %d, %v", page.Total, err)
		}
		if _, err := e.svc.List(ctx, dispatcher, order.Filter{Channel: "fax"}); !errors.Is(err, order.ErrInvalid) {
			t.Fatalf("unknown channel: %v, want ErrInvalid", err)
		}
	})
}
