package exchange_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/exchange"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestOrderFiledBeforeTheLinkIsForwardedByHand: an order the city took
// before its district link existed stays with the city until an admin
// forwards it; then it reaches the district through the outbox (the
// district down at first) and is audited. Refused, changing nothing: an
// unknown order, one outside the admin's area, one forwarded already.
func TestOrderFiledBeforeTheLinkIsForwardedByHand(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newUnlinkedPair(t, db)
		o := p.file(t, "下水道堵塞，链路建立之前受理")
		p.city.drain()
		p.link(t)
		if _, err := p.district.ex.MapCategory(ctx, auth.SystemAdmin(), linkName, sewerPath, "sewer.blocked"); err != nil {
			t.Fatal(err)
		}
		p.city.drain()
		if n := p.district.count(`SELECT COUNT(*) FROM orders`); n != 0 {
			t.Fatalf("the district got %d orders before anyone forwarded", n)
		}

		admin := func(node string) auth.Admin {
			u := auth.User{ID: 77, Username: "admin" + node, Role: auth.RoleAdmin, NodeCode: node}
			a, err := auth.AdminOf(u, auth.ScopeOf(u, ""), "127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		if _, err := p.city.ex.ForwardNow(ctx, admin("210505"), o.Number); !errors.Is(err, exchange.ErrNotFound) {
			t.Errorf("the neighbouring district's admin forwarded it: %v, want not found", err)
		}
		if _, err := p.city.ex.ForwardNow(ctx, admin("2105"), "209901010001"); !errors.Is(err, exchange.ErrNotFound) {
			t.Errorf("an unknown number: %v, want not found", err)
		}
		if n := p.city.count(`SELECT COUNT(*) FROM outbox WHERE topic = ?`, exchange.TopicForward); n != 0 {
			t.Fatalf("refusals queued %d forwards", n)
		}

		p.district.stop()
		to, err := p.city.ex.ForwardNow(ctx, admin("2105"), o.Number)
		if err != nil || to != linkName {
			t.Fatalf("forward by hand: %q %v", to, err)
		}
		if r := p.city.poll(); r.Retrying != 1 {
			t.Fatalf("with the district down: %+v, want the forward waiting to be retried", r)
		}
		p.district.restart()
		p.now.Advance(2 * time.Minute)
		p.city.drain()
		d := districtOrder(t, p, o.Number)
		if d.Channel != order.ChannelUpstream {
			t.Errorf("district copy channel %s", d.Channel)
		}
		p.district.drain()
		if got := cityActions(t, p, o.Number); !slices.Contains(got, "accepted") {
			t.Errorf("city timeline after the forward: %v, want the district's acceptance", got)
		}
		if _, err := p.city.ex.ForwardNow(ctx, admin("2105"), o.Number); !errors.Is(err, exchange.ErrConflict) {
			t.Errorf("a second forward: %v, want conflict", err)
		}
		if n := p.city.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'exchange.forward'`); n != 1 {
			t.Errorf("%d audit rows for the forward, want 1", n)
		}
	})
}
