package exchange_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// cityActions lists the downstream steps on the city's copy, in order.
func cityActions(t *testing.T, p *pair, number string) []string {
	t.Helper()
	tl, err := p.city.orders.Timeline(context.Background(), operator, number)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range tl {
		if a := string(e.Action); len(a) > 11 && a[:11] == "downstream_" && a != "downstream_forwarded" {
			out = append(out, a[11:])
		}
	}
	return out
}

func districtOrder(t *testing.T, p *pair, upstreamID string) order.Order {
	t.Helper()
	var number string
	if err := p.district.db.QueryRowContext(context.Background(), `SELECT o.number FROM exchange_orders x JOIN orders o ON o.id = x.order_id
		WHERE x.direction = 'in' AND x.ref = ?`, upstreamID).Scan(&number); err != nil {
		t.Fatalf("district copy of %s: %v", upstreamID, err)
	}
	o, err := p.district.orders.Get(context.Background(), dispatcher, number)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// Two real instances on loopback walk an order through: the city
// forwards, the district accepts, dispatches, replies, resolves and
// closes, and the city's copy shows each step once and in order. The
// district goes down (server closed, then a new process on the same
// store) while the city forwards a second order, and the city goes down
// while the district reports: the outboxes retry, nothing is lost or
// duplicated.
func TestTwoInstancesWalkAnOrderThrough(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newPair(t, db)
		if _, err := p.district.ex.MapCategory(ctx, auth.SystemAdmin(), linkName, sewerPath, "sewer.blocked"); err != nil {
			t.Fatal(err)
		}
		first := p.file(t, "下水道堵塞，污水外溢")

		// The city forwards; the district files it (channel upstream,
		// the city's deadlines) and says accepted, then dispatched (the
		// catalogue routes sewers to shuiwu).
		p.city.drain()
		d := districtOrder(t, p, first.Number)
		if d.Channel != order.ChannelUpstream {
			t.Errorf("district channel = %q, want upstream", d.Channel)
		}
		if !d.ResolveDueAt.Equal(first.ResolveDueAt) || !d.ReplyDueAt.Equal(first.ReplyDueAt) {
			t.Errorf("district deadlines %v / %v, want the city's %v / %v", d.ReplyDueAt, d.ResolveDueAt, first.ReplyDueAt, first.ResolveDueAt)
		}
		if d.Reporter.Name != "张*" || d.Reporter.Phone != "138****1234" {
			t.Errorf("district reporter = %+v, want the city's, masked", d.Reporter)
		}
		p.district.drain()
		if got, want := cityActions(t, p, first.Number), []string{"accepted", "dispatched"}; !slices.Equal(got, want) {
			t.Fatalf("city timeline after forwarding = %v, want %v", got, want)
		}

		// The district goes down; the city files a second order and
		// cannot forward it: the outbox keeps it for a retry.
		p.district.stop()
		second := p.file(t, "下水道又堵了")
		if r := p.city.poll(); r.Retrying != 1 {
			t.Fatalf("forward while the district is down: %+v, want one retrying", r)
		}
		p.now.Advance(30 * time.Second) // not due yet
		if r := p.city.poll(); r.Claimed != 0 {
			t.Fatalf("retried before its backoff: %+v", r)
		}
		p.now.Advance(2 * time.Minute)
		if r := p.city.poll(); r.Retrying != 1 {
			t.Fatalf("second try while down: %+v", r)
		}
		// Meanwhile the district's people work on (a new process on the
		// same store), before its server is back.
		p.district.restart()
		d, err := p.district.orders.Sign(ctx, shuiwu, d.Number, d.Version)
		if err != nil {
			t.Fatal(err)
		}
		if d, err = p.district.orders.Reply(ctx, shuiwu, d.Number, d.Version, "已派人疏通"); err != nil {
			t.Fatal(err)
		}
		p.now.Advance(5 * time.Minute)
		p.city.drain()
		d2 := districtOrder(t, p, second.Number)
		if d2.Number == d.Number {
			t.Fatal("the second order landed on the first")
		}

		// Now the city is down while the district reports.
		p.city.stop()
		if d, err = p.district.orders.Resolve(ctx, shuiwu, d.Number, d.Version, "已疏通", nil); err != nil {
			t.Fatal(err)
		}
		r := p.district.poll()
		if r.Retrying == 0 {
			t.Fatalf("reporting while the city is down: %+v, want retries", r)
		}
		p.city.restart()
		p.now.Advance(10 * time.Minute)
		p.district.drain()
		if _, err = p.district.orders.Callback(ctx, dispatcher, d.Number, d.Version, order.RatingSatisfied, "居民满意"); err != nil {
			t.Fatal(err)
		}
		p.district.drain()
		p.city.drain()

		want := []string{"accepted", "dispatched", "replied", "resolved", "closed"}
		if got := cityActions(t, p, first.Number); !slices.Equal(got, want) {
			t.Errorf("city timeline of %s = %v, want %v", first.Number, got, want)
		}
		if got, want := cityActions(t, p, second.Number), []string{"accepted", "dispatched"}; !slices.Equal(got, want) {
			t.Errorf("city timeline of %s = %v, want %v", second.Number, got, want)
		}
		c, err := p.city.orders.Get(ctx, operator, first.Number)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != order.StatusClosed || c.ResolvedAt.IsZero() || c.RepliedAt.IsZero() || c.ClosedAt.IsZero() {
			t.Errorf("city copy: status %s, replied %v, resolved %v, closed %v; want closed with every milestone",
				c.Status, c.RepliedAt, c.ResolvedAt, c.ClosedAt)
		}
		forwarded := 0
		tl, err := p.city.orders.Timeline(ctx, operator, second.Number)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range tl {
			if e.Action == "downstream_forwarded" {
				forwarded++
			}
		}
		if forwarded != 1 {
			t.Errorf("the second order's forward is noted %d times on the city's timeline, want once", forwarded)
		}
		// The city's measures count its district's work on the copies.
		rep, err := report.New(report.Config{DB: p.city.db, Now: p.now.Now})
		if err != nil {
			t.Fatal(err)
		}
		m, err := rep.Measures(ctx, operator.Scope, report.Query{Node: ordertest.District, From: ordertest.Monday09.Add(-time.Hour),
			To: ordertest.Monday09.Add(24 * time.Hour), Direct: true, AsOf: p.now.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if c := m.Counts; c.Received != 2 || c.Resolved != 1 || c.ReplyOnTime != 1 {
			t.Errorf("city measures: received %d, resolved %d, replied on time %d; want 2, 1, 1", c.Received, c.Resolved, c.ReplyOnTime)
		}
		if n := p.district.count(`SELECT COUNT(*) FROM orders WHERE channel = 'upstream'`); n != 2 {
			t.Errorf("district has %d upstream orders, want 2 (nothing duplicated)", n)
		}
		if n := p.city.count(`SELECT COUNT(*) FROM exchange_held_events`); n != 0 {
			t.Errorf("%d events still held at the city", n)
		}
		for _, in := range []*instance{p.city, p.district} {
			if n := in.count(`SELECT COUNT(*) FROM outbox WHERE done_at = 0`); n != 0 {
				t.Errorf("%s: %d outbox events undelivered", in.name, n)
			}
		}
	})
}

// A city back from an outage pulls what its district could not push, by
// cursor; the district's retried pushes then change nothing.
func TestCityCatchesUpByPulling(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newPair(t, db)
		if _, err := p.district.ex.MapCategory(ctx, auth.SystemAdmin(), linkName, sewerPath, "sewer.blocked"); err != nil {
			t.Fatal(err)
		}
		o := p.file(t, "下水道堵塞")
		p.city.drain()
		p.district.drain()
		d := districtOrder(t, p, o.Number)

		p.city.stop()
		d, err := p.district.orders.Sign(ctx, shuiwu, d.Number, d.Version)
		if err != nil {
			t.Fatal(err)
		}
		if _, err = p.district.orders.Reply(ctx, shuiwu, d.Number, d.Version, "明天上午疏通"); err != nil {
			t.Fatal(err)
		}
		if r := p.district.poll(); r.Retrying != 1 {
			t.Fatalf("push while the city is down: %+v", r)
		}
		p.city.restart()
		n, err := p.city.ex.Pull(ctx, linkName)
		if err != nil {
			t.Fatal(err)
		}
		if n != 3 {
			t.Errorf("pulled %d events, want 3 (accepted, dispatched, replied)", n)
		}
		if got, want := cityActions(t, p, o.Number), []string{"accepted", "dispatched", "replied"}; !slices.Equal(got, want) {
			t.Fatalf("city timeline after the pull = %v, want %v", got, want)
		}
		if n, err := p.city.ex.Pull(ctx, linkName); err != nil || n != 0 {
			t.Errorf("second pull: %d, %v; want nothing new", n, err)
		}
		p.now.Advance(10 * time.Minute)
		p.district.drain()
		if got := cityActions(t, p, o.Number); len(got) != 3 {
			t.Errorf("after the district's retry the city timeline is %v", got)
		}
		if n := p.district.count(`SELECT COUNT(*) FROM outbox WHERE done_at = 0`); n != 0 {
			t.Errorf("%d district outbox events undelivered", n)
		}
	})
}

// TestDistrictReturnsAnOrderAsNotOurs: the district's dispatcher sends an
// order the department already took on back to the city in one step
// (退回上级平台) with a reason; the department may not, an order filed in
// the district itself cannot go "back", and a return without a reason is
// refused — each refusal changes nothing. The city's copy is back with its
// centre, the reason on its timeline.
func TestDistrictReturnsAnOrderAsNotOurs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newPair(t, db)
		if _, err := p.district.ex.MapCategory(ctx, auth.SystemAdmin(), linkName, sewerPath, "sewer.blocked"); err != nil {
			t.Fatal(err)
		}
		o := p.file(t, "下水道堵塞")
		p.city.drain()
		d := districtOrder(t, p, o.Number)
		d, err := p.district.orders.Sign(ctx, shuiwu, d.Number, d.Version)
		if err != nil {
			t.Fatal(err)
		}
		if acts := order.AvailableActions(dispatcher, d, order.Situation{}); !slices.Contains(acts, order.ActionReturnUpstream) {
			t.Errorf("the dispatcher is not offered 退回上级平台 on a processing upstream order: %v", acts)
		}
		const reason = "管线属于平山区管辖，请改派"
		if _, err := p.district.orders.ReturnUpstream(ctx, shuiwu, d.Number, d.Version, reason); !errors.Is(err, order.ErrForbidden) {
			t.Errorf("the department returned it upstream: %v, want forbidden", err)
		}
		if _, err := p.district.orders.ReturnUpstream(ctx, dispatcher, d.Number, d.Version, "  "); !errors.Is(err, order.ErrInvalid) {
			t.Errorf("a return without a reason: %v, want invalid", err)
		}
		own, _, err := p.district.orders.Create(ctx, operator, order.Input{Channel: order.ChannelHotline, Category: "sewer.blocked",
			Description: "本区来电", Point: &order.Point{Lng: 123.05, Lat: 41.05}, ReporterName: "李四", ReporterPhone: "13800004321"})
		if err != nil {
			t.Fatal(err)
		}
		if acts := order.AvailableActions(dispatcher, own, order.Situation{}); slices.Contains(acts, order.ActionReturnUpstream) {
			t.Errorf("退回上级平台 offered on the district's own order: %v", acts)
		}
		if _, err := p.district.orders.ReturnUpstream(ctx, dispatcher, own.Number, own.Version, reason); !errors.Is(err, order.ErrIllegalTransition) {
			t.Errorf("the district's own order went upstream: %v, want refused", err)
		}
		if again, err := p.district.orders.Get(ctx, dispatcher, d.Number); err != nil || again.Version != d.Version {
			t.Fatalf("refusals changed the order: version %d → %d (%v)", d.Version, again.Version, err)
		}
		if d, err = p.district.orders.ReturnUpstream(ctx, dispatcher, d.Number, d.Version, reason); err != nil {
			t.Fatal(err)
		}
		if d.Status != order.StatusCancelled {
			t.Errorf("district copy after the return: %s, want cancelled", d.Status)
		}
		p.district.drain()
		if got, want := cityActions(t, p, o.Number), []string{"accepted", "dispatched", "returned"}; !slices.Equal(got, want) {
			t.Fatalf("city timeline = %v, want %v", got, want)
		}
		c, err := p.city.orders.Get(ctx, operator, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		tl, err := p.city.orders.Timeline(ctx, operator, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		last := tl[len(tl)-1]
		if c.Status != order.StatusPending || c.Returns != 1 || last.Data["reason"] != reason {
			t.Errorf("city copy: status %s, returns %d, last event %+v", c.Status, c.Returns, last)
		}
	})
}
