package order_test

import (
	"errors"

	"civicgrid/internal/auth"
	"slices"
	"strings"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestProblemsListsEveryField: a nearly empty form is refused with every
// field to fix at once, in the order of a form; Create still refuses with
// the first of them, and a good input has none.
func TestProblemsListsEveryField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		fields := func(in order.Input) []string {
			var got []string
			for _, p := range e.svc.Problems(in) {
				got = append(got, p.Field)
			}
			return got
		}
		empty := order.Input{Channel: order.ChannelHotline, ReporterPhone: "12ab", ReporterName: "王\x01五"}
		if got, want := fields(empty), []string{"category", "description", "location", "reporter_name", "reporter_phone"}; !slices.Equal(got, want) {
			t.Fatalf("problems of a nearly empty form: %q, want %q", got, want)
		}
		_, _, err := e.svc.Create(t.Context(), operator, empty)
		if err == nil || !strings.Contains(err.Error(), "category") {
			t.Fatalf("Create refuses the same form with %v, want the category first", err)
		}
		// Only a community: the address is missing, not the whole place.
		if got := fields(order.Input{Category: "noise.disturb", Description: "吵", CommunityCode: community1}); !slices.Equal(got, []string{"address"}) {
			t.Fatalf("community without address: %q", got)
		}
		if got := fields(noise("楼上噪音")); len(got) != 0 {
			t.Fatalf("a good input has problems %q", got)
		}
	})
}

// TestBuildingHeadSeesOwnReports: a 楼长 reads and lists the orders they
// filed themselves, and nothing else in their community.
func TestBuildingHeadSeesOwnReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := t.Context()
		lz, other := staff(auth.RoleBuilding, community1, ""), staff(auth.RoleBuilding, community1, "")
		in := noise("3号楼楼道灯坏了")
		in.Channel = order.ChannelPatrol
		mine := mustCreate(t, e, lz, in)
		theirs := mustCreate(t, e, gridWorker, func() order.Input {
			i := noise("5号楼门口堆了建筑垃圾")
			i.Channel = order.ChannelPatrol
			return i
		}())
		if o, err := e.svc.Get(ctx, lz, mine.Number); err != nil || o.Number != mine.Number {
			t.Fatalf("the 楼长 reads their own report: %v", err)
		}
		if _, err := e.svc.Get(ctx, lz, theirs.Number); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("the 楼长 reads the grid worker's order: %v", err)
		}
		page, err := e.svc.List(ctx, lz, order.Filter{})
		if err != nil || page.Total != 1 || page.Orders[0].Number != mine.Number {
			t.Fatalf("the 楼长 lists %+v, %v; want only %s", page, err, mine.Number)
		}
		if page, _ := e.svc.List(ctx, other, order.Filter{}); page.Total != 0 {
			t.Fatalf("another 楼长 lists %d", page.Total)
		}
	})
}
