package notify_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/notify"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// downSink fails every delivery, as a peer that stays down; upSink is the
// same peer back up.
type downSink struct{}

func (downSink) Name() string { return "down" }
func (downSink) Deliver(context.Context, order.OutboxEvent) error {
	return errors.New("peer unreachable")
}

type upSink struct{}

func (upSink) Name() string                                     { return "down" }
func (upSink) Deliver(context.Context, order.OutboxEvent) error { return nil }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// Parked events are listed to the admins whose area holds their order, and
// only they may send them again (audited); one outside the area is "not
// found", and a requeued event is delivered by the next poll.
func TestParkedEventsByArea(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ordertest.SeedOrg(t, db)
		if _, err := category.Seed(ctx, db); err != nil {
			t.Fatal(err)
		}
		keys, err := pii.NewKeyring(bytes.Repeat([]byte{3}, pii.KeySize))
		if err != nil {
			t.Fatal(err)
		}
		now := ordertest.NewNow(ordertest.Monday09)
		orders, err := order.New(order.Config{DB: db, Locator: ordertest.BoxLocator{}, Clock: ordertest.WeekdayClock{},
			Keys: keys, DataDir: t.TempDir(), Now: now.Now})
		if err != nil {
			t.Fatal(err)
		}
		op := auth.User{ID: 1, Username: "op", Role: auth.RoleOperator, NodeCode: ordertest.District}
		file := func(lng float64) order.Order {
			o, _, err := orders.Create(ctx, order.StaffActor(op, auth.ScopeOf(op, ""), "127.0.0.1"), order.Input{Channel: order.ChannelHotline,
				Category: "noise.disturb", Description: "楼上半夜装修", Point: &order.Point{Lng: lng, Lat: 41.05},
				Attributes: map[string]string{"source": "neighbour"}, ReporterName: "张三", ReporterPhone: "13800001234"})
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		first, second := file(123.05), file(123.35) // grid A (street 1), grid C (street 2)
		n, err := notify.New(notify.Config{DB: db, Sinks: []notify.Sink{downSink{}}, MaxAttempts: 1, Now: now.Now, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		if r, err := n.Poll(ctx); err != nil || r.Failed == 0 || r.Failed != r.Claimed {
			t.Fatalf("poll with the peer down: %+v %v, want every event parked", r, err)
		}
		admin := func(node string) auth.Admin {
			u := auth.User{ID: 9, Username: "admin" + node, Role: auth.RoleAdmin, NodeCode: node}
			a, err := auth.AdminOf(u, auth.ScopeOf(u, ""), "127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		// parked lists, per order number, the parked events a sees.
		parked := func(a auth.Admin) (map[string][]int64, int) {
			ps, err := notify.ParkedFor(ctx, db, a, 0)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string][]int64{}
			for _, p := range ps {
				if p.Action == "" || p.LastError == "" {
					t.Errorf("parked %+v: no step or error", p)
				}
				out[p.Number] = append(out[p.Number], p.ID)
			}
			return out, len(ps)
		}
		district, all := parked(admin(ordertest.District))
		street1, _ := parked(admin(ordertest.Street1))
		if len(district) != 2 || len(district[second.Number]) == 0 {
			t.Errorf("the district admin sees %v, want both orders' events", district)
		}
		if len(street1) != 1 || len(street1[first.Number]) == 0 {
			t.Errorf("street 1's admin sees %v, want only %s's", street1, first.Number)
		}
		if err := notify.RetryFor(ctx, db, admin(ordertest.Street1), district[second.Number][0], now.Now()); !errors.Is(err, notify.ErrNotFound) {
			t.Errorf("street 1 retried street 2's event: %v, want not found", err)
		}
		if err := notify.RetryFor(ctx, db, admin(ordertest.Street1), 999999, now.Now()); !errors.Is(err, notify.ErrNotFound) {
			t.Errorf("retry of no event: %v", err)
		}
		if err := notify.RetryFor(ctx, db, admin(ordertest.Street1), street1[first.Number][0], now.Now()); err != nil {
			t.Fatal(err)
		}
		if _, left := parked(admin(ordertest.District)); left != all-1 {
			t.Errorf("after the retry the district sees %d parked, want %d", left, all-1)
		}
		var audited int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'outbox.retry'`).Scan(&audited); err != nil || audited != 1 {
			t.Errorf("audit rows for the retry: %d (%v), want 1", audited, err)
		}
		ok, err := notify.New(notify.Config{DB: db, Sinks: []notify.Sink{upSink{}}, Now: now.Now, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		now.Advance(time.Second)
		if r, err := ok.Poll(ctx); err != nil || r.Delivered != 1 {
			t.Errorf("poll after the retry: %+v %v, want the requeued event delivered", r, err)
		}
	})
}
