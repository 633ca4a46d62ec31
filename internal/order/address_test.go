package order_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"civicgrid/internal/errs"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// fakeAddresses knows one standard address.
type fakeAddresses struct{}

var errNoSuchAddress = errs.New(errs.Invalid, "no standard address matches well enough")

func (fakeAddresses) ResolveGrid(_ context.Context, text string) (string, error) {
	if text == "胜利路12号3单元502" {
		return ordertest.GridB, nil
	}
	return "", errNoSuchAddress
}

// TestOrderByAddressOnly: with only an address, the order lands in the
// grid of the standard address it names; an address naming none is a
// validation error on "address" that still carries the cause; the line
// checks of an import see the same.
func TestOrderByAddressOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		svc, err := order.New(order.Config{DB: db, Locator: boxLocator{}, Clock: weekdayClock{}, Keys: e.keys,
			DataDir: e.dataDir, Now: e.now.Now, Addresses: fakeAddresses{}})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		in := noise("楼上每晚十二点后还在装修，电钻声很大")
		in.Point, in.Address = nil, "胜利路12号3单元502"
		o, _, err := svc.Create(ctx, operator, in)
		if err != nil {
			t.Fatal(err)
		}
		if o.GridCode != ordertest.GridB || o.CommunityCode != ordertest.Community1 {
			t.Fatalf("order placed at %s/%s", o.GridCode, o.CommunityCode)
		}
		before := e.snapshot(t)
		in.Address = "人民路88号"
		_, _, err = svc.Create(ctx, operator, in)
		var ve *order.ValidationError
		if !errors.As(err, &ve) || ve.Field != "address" || !errors.Is(err, order.ErrUnknownLocation) || !errors.Is(err, errNoSuchAddress) {
			t.Fatalf("unknown address: %v", err)
		}
		if after := e.snapshot(t); after != before {
			t.Fatalf("a refused order changed the store: %v → %v", before, after)
		}
		if err := svc.CheckImport(ctx, operator, []order.ImportLine{{Line: 2, Input: in}}); err == nil ||
			!strings.Contains(err.Error(), "line 2: order: address: no standard address") {
			t.Fatalf("import check: %v", err)
		}
		// Without an address service an address alone still needs its place.
		if _, _, err := e.svc.Create(ctx, operator, in); !errors.As(err, &ve) || ve.Field != "location" {
			t.Fatalf("no address service: %v", err)
		}
	})
}
