package order_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestReporterIsSealedInTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := mustCreate(t, e, operator, noise("噪音"))
		var name, phone, blind, last4 string
		err := db.QueryRowContext(ctx, `SELECT reporter_name, reporter_phone, reporter_phone_blind, reporter_phone_last4
			FROM orders WHERE number = ?`, o.Number).Scan(&name, &phone, &blind, &last4)
		if err != nil {
			t.Fatal(err)
		}
		for col, v := range map[string]string{"reporter_name": name, "reporter_phone": phone, "reporter_phone_blind": blind} {
			if v == "" || strings.Contains(v, "张三丰") || strings.Contains(v, "13812345678") || strings.Contains(v, "12345678") {
				t.Fatalf("%s holds %q", col, v)
			}
		}
		if !strings.HasPrefix(name, "v1.") || !strings.HasPrefix(phone, "v1.") || last4 != "5678" {
			t.Fatalf("sealed forms: %q %q last4 %q", name, phone, last4)
		}
		if got, err := e.keys.Open(phone); err != nil || got != "13812345678" {
			t.Fatalf("the sealed phone opens to %q, %v", got, err)
		}
		// Nothing else carries the plaintext: the timeline, the outbox, the
		// idempotency fingerprint.
		for _, q := range []string{`SELECT COUNT(*) FROM order_events WHERE note LIKE ? OR data LIKE ?`,
			`SELECT COUNT(*) FROM outbox WHERE payload LIKE ? OR topic LIKE ?`,
			`SELECT COUNT(*) FROM orders WHERE request_hash LIKE ? OR description LIKE ?`} {
			if n := count(t, db, q, "%13812345678%", "%张三丰%"); n != 0 {
				t.Fatalf("%s: plaintext found", q)
			}
		}
		// Search by phone goes through the blind index, for the centre only.
		page, err := e.svc.List(ctx, dispatcher, order.Filter{Phone: "138-1234-5678"})
		if err != nil || page.Total != 1 || page.Orders[0].Number != o.Number {
			t.Fatalf("phone search: %+v, %v", page, err)
		}
		if _, err := e.svc.List(ctx, streetOne, order.Filter{Phone: "13812345678"}); !errors.Is(err, order.ErrForbidden) {
			t.Fatalf("handler searching by phone: %v", err)
		}
	})
}

func TestConfidentialOrdersHideTheReporterFromHandlers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := noise("举报楼下商户夜间噪音，请为我保密")
		in.Confidential = true
		secret := mustCreate(t, e, operator, in)
		open := mustCreate(t, e, operator, noise("楼上噪音"))

		// The handler (grid worker) sees nothing of a confidential reporter …
		got, err := e.svc.Get(ctx, gridWorker, secret.Number)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Reporter.Hidden || got.Reporter.Name != "" || got.Reporter.Phone != "" {
			t.Fatalf("handler sees %+v", got.Reporter)
		}
		page, _ := e.svc.List(ctx, gridWorker, order.Filter{})
		for _, o := range page.Orders {
			if o.Number == secret.Number && !o.Reporter.Hidden {
				t.Fatal("list shows a confidential reporter to a handler")
			}
		}
		if _, err := e.svc.RevealReporter(ctx, gridWorker, secret.Number, "联系居民核实"); !errors.Is(err, order.ErrForbidden) {
			t.Fatalf("handler reveals a confidential reporter: %v", err)
		}
		// … and a masked one otherwise, which the handler may reveal.
		got, _ = e.svc.Get(ctx, gridWorker, open.Number)
		if got.Reporter.Hidden || got.Reporter.Name != "张**" || got.Reporter.Phone != "138****5678" {
			t.Fatalf("handler sees %+v on an open order", got.Reporter)
		}
		// The centre sees a confidential reporter masked, and may reveal it
		// for a stated purpose, which is audited.
		for _, a := range []order.Actor{operator, dispatcher, supervisor} {
			got, _ := e.svc.Get(ctx, a, secret.Number)
			if got.Reporter.Hidden || got.Reporter.Phone != "138****5678" || got.Reporter.Revealed {
				t.Fatalf("%s sees %+v", a.Role, got.Reporter)
			}
		}
		if _, err := e.svc.RevealReporter(ctx, dispatcher, secret.Number, "  "); !errors.Is(err, order.ErrInvalid) {
			t.Fatalf("reveal without purpose: %v", err)
		}
		r, err := e.svc.RevealReporter(ctx, dispatcher, secret.Number, "回访核实办理结果")
		if err != nil {
			t.Fatal(err)
		}
		if r.Name != "张三丰" || r.Phone != "13812345678" || !r.Revealed {
			t.Fatalf("revealed %+v", r)
		}
		entries, err := audit.List(ctx, db, audit.Filter{Action: "order.reveal_reporter"})
		if err != nil || len(entries) != 1 || entries[0].Target != "order:"+secret.Number ||
			entries[0].ActorID != dispatcher.UserID || !strings.Contains(entries[0].Detail, "回访核实办理结果") {
			t.Fatalf("audit %+v, %v", entries, err)
		}
		// The audit time is the service's clock, not the wall clock.
		if d := entries[0].At.Sub(e.now.Now()); d < -time.Second || d > time.Second {
			t.Fatalf("reveal audited at %s, clock says %s", entries[0].At, e.now.Now())
		}
		if _, err := e.svc.RevealReporter(ctx, gridWorker, open.Number, "上门前电话联系"); err != nil {
			t.Fatalf("handler reveals an open order's reporter: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'order.reveal_reporter'`); n != 2 {
			t.Fatalf("reveals audited: %d, want 2", n)
		}
	})
}
