package order_test

import (
	"context"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestExtensionRequestAndDecision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := atDepartment(t, e, "chengguan", "shuiwu")
		o = must(t, "sign")(e.svc.Sign(ctx, chengguan, o.Number, o.Version))
		thursday24 := time.Date(2026, 11, 27, 0, 0, 0, 0, cst)
		sameTime(t, "due", o.ResolveDueAt, thursday24)

		request := func(a order.Actor, version, days int) func() error {
			return func() error {
				_, err := e.svc.RequestExtension(ctx, a, o.Number, version, days, "需协调产权单位")
				return err
			}
		}
		refused(t, e, o.Number, "co-handler requests", order.ErrForbidden, request(shuiwu, o.Version, 1))
		refused(t, e, o.Number, "dispatcher requests", order.ErrForbidden, request(dispatcher, o.Version, 1))
		refused(t, e, o.Number, "department not on the order", order.ErrNotFound, request(gongdian, o.Version, 1))
		refused(t, e, o.Number, "stale request", order.ErrStaleVersion, request(chengguan, o.Version-1, 1))
		refused(t, e, o.Number, "zero days", order.ErrInvalid, request(chengguan, o.Version, 0))
		refused(t, e, o.Number, "too many days", order.ErrInvalid, request(chengguan, o.Version, order.DefaultMaxExtensionDays+1))
		refused(t, e, o.Number, "approve with nothing waiting", order.ErrIllegalTransition, func() error {
			_, err := e.svc.ApproveExtension(ctx, dispatcher, o.Number, o.Version, "")
			return err
		})

		o = must(t, "request 1 day")(e.svc.RequestExtension(ctx, chengguan, o.Number, o.Version, 1, "需协调产权单位"))
		for _, c := range []struct {
			who  order.Actor
			want int
		}{{dispatcher, 1}, {supervisor, 1}, {farDispatcher, 0}, {streetSupervisor, 0}} {
			if p, err := e.svc.AwaitingDecision(ctx, c.who, 0, 0); err != nil || p.Total != c.want {
				t.Fatalf("awaiting decision for %s: %d %v, want %d", c.who.Name, p.Total, err, c.want)
			}
		}
		refused(t, e, o.Number, "request twice", order.ErrIllegalTransition, request(chengguan, o.Version, 2))
		approve := func(a order.Actor, version int) func() error {
			return func() error { _, err := e.svc.ApproveExtension(ctx, a, o.Number, version, "同意"); return err }
		}
		refused(t, e, o.Number, "handler approves", order.ErrForbidden, approve(chengguan, o.Version))
		refused(t, e, o.Number, "operator approves", order.ErrForbidden, approve(operator, o.Version))
		refused(t, e, o.Number, "other district approves", order.ErrNotFound, approve(farDispatcher, o.Version))
		refused(t, e, o.Number, "stale approval", order.ErrStaleVersion, approve(dispatcher, o.Version-1))

		// Thursday 24:00 + 1 working day is Friday 24:00, not Monday.
		o = must(t, "approve")(e.svc.ApproveExtension(ctx, dispatcher, o.Number, o.Version, "同意延期"))
		sameTime(t, "after 1 day", o.ResolveDueAt, time.Date(2026, 11, 28, 0, 0, 0, 0, cst))
		// Friday 24:00 + 2 working days skips the weekend: Tuesday 24:00.
		o = must(t, "request 2 days")(e.svc.RequestExtension(ctx, chengguan, o.Number, o.Version, 2, "等待配件"))
		o = must(t, "supervisor approves")(e.svc.ApproveExtension(ctx, supervisor, o.Number, o.Version, ""))
		sameTime(t, "after 2 more days", o.ResolveDueAt, time.Date(2026, 12, 2, 0, 0, 0, 0, cst))
		ev := lastEvent(t, e, o.Number)
		if ev.Action != order.ActionExtensionApprove || ev.Data["due_before"] != "2026-11-27T16:00:00Z" || ev.Data["due_after"] != "2026-12-01T16:00:00Z" {
			t.Fatalf("approval event %+v", ev)
		}

		// A rejected request leaves the deadline.
		o = must(t, "request 5 days")(e.svc.RequestExtension(ctx, chengguan, o.Number, o.Version, 5, "再等等"))
		refused(t, e, o.Number, "reject without reason", order.ErrInvalid, func() error {
			_, err := e.svc.RejectExtension(ctx, dispatcher, o.Number, o.Version, "")
			return err
		})
		o = must(t, "reject")(e.svc.RejectExtension(ctx, dispatcher, o.Number, o.Version, "理由不充分"))
		if p, _ := e.svc.AwaitingDecision(ctx, dispatcher, 0, 0); p.Total != 0 {
			t.Fatalf("%d orders await a decision after it", p.Total)
		}
		sameTime(t, "after rejection", o.ResolveDueAt, time.Date(2026, 12, 2, 0, 0, 0, 0, cst))

		adj, err := e.svc.Adjustments(ctx, chengguan, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		if adj.Extensions != 2 || len(adj.Requests) != 3 {
			t.Fatalf("adjustments %+v", adj)
		}
		r0, r2 := adj.Requests[0], adj.Requests[2]
		if r0.Kind != order.RequestExtension || r0.Status != order.RequestApproved || r0.WorkingDays != 1 || r0.Handler != "chengguan" ||
			!r0.DueBefore.Equal(time.Date(2026, 11, 27, 0, 0, 0, 0, cst)) || r0.DecidedBy == "" || r0.DecisionNote != "同意延期" {
			t.Fatalf("first request %+v", r0)
		}
		if r2.Status != order.RequestRejected || r2.DecisionNote != "理由不充分" || !r2.DueAfter.IsZero() {
			t.Fatalf("rejected request %+v", r2)
		}
		if n := count(t, db, `SELECT extensions FROM orders WHERE number = ?`, o.Number); n != 2 {
			t.Fatalf("orders.extensions = %d", n)
		}

		// After the deadline no request is taken; nor on a resolved order.
		e.now.Set(time.Date(2026, 12, 2, 0, 0, 1, 0, cst))
		refused(t, e, o.Number, "request after the deadline", order.ErrIllegalTransition, request(chengguan, o.Version, 1))
		o = must(t, "resolve")(e.svc.Resolve(ctx, chengguan, o.Number, o.Version, "已处理", nil))
		refused(t, e, o.Number, "request when resolved", order.ErrIllegalTransition, request(chengguan, o.Version, 1))
	})
}

// TestExtensionAcrossNationalDay runs on the official 2026 schedule:
// 中秋 25–27 September off, 国庆 1–7 October off, Sunday 20 September and
// Saturday 10 October make-up working days.
func TestExtensionAcrossNationalDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := calendarEnv(t, db, at(t, "2026-09-24T12:00:00+08:00"))
		ctx := context.Background()
		o := mustCreate(t, e, operator, noise("国庆前小区装修噪音"))
		// Received Thursday 24th: 3 working days are 28, 29, 30 September.
		sameTime(t, "due", o.ResolveDueAt, at(t, "2026-10-01T00:00:00+08:00"))
		o = must(t, "sign")(e.svc.Sign(ctx, gridWorker, o.Number, o.Version))
		o = must(t, "request")(e.svc.RequestExtension(ctx, gridWorker, o.Number, o.Version, 3, "节前施工方无法到场"))
		o = must(t, "approve")(e.svc.ApproveExtension(ctx, dispatcher, o.Number, o.Version, ""))
		// 30 September 24:00 + 3 working days: 8, 9 and the make-up
		// Saturday 10 October.
		sameTime(t, "after the holiday", o.ResolveDueAt, at(t, "2026-10-11T00:00:00+08:00"))
		o = must(t, "request again")(e.svc.RequestExtension(ctx, gridWorker, o.Number, o.Version, 1, "仍需一天"))
		o = must(t, "approve again")(e.svc.ApproveExtension(ctx, supervisor, o.Number, o.Version, ""))
		// 10 October 24:00 + 1: Sunday 11th is off again, Monday 12th.
		sameTime(t, "after the make-up Saturday", o.ResolveDueAt, at(t, "2026-10-13T00:00:00+08:00"))
	})
}

// A request left by a handler the order has moved from cannot be
// approved; the new handler's own request replaces it.
func TestRequestOfAFormerHandler(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := mustCreate(t, e, operator, noise("地下室水泵噪音"))
		o = must(t, "grid signs")(e.svc.Sign(ctx, gridWorker, o.Number, o.Version))
		o = must(t, "grid asks")(e.svc.RequestExtension(ctx, gridWorker, o.Number, o.Version, 2, "等物业"))
		o = must(t, "redispatch")(e.svc.Redispatch(ctx, dispatcher, o.Number, o.Version,
			order.Target{Level: "department", Code: "shuiwu"}, "水务负责"))
		refused(t, e, o.Number, "approve the former handler's request", order.ErrIllegalTransition, func() error {
			_, err := e.svc.ApproveExtension(ctx, dispatcher, o.Number, o.Version, "")
			return err
		})
		o = must(t, "shuiwu asks")(e.svc.RequestExtension(ctx, shuiwu, o.Number, o.Version, 1, "需停水作业"))
		o = must(t, "approve")(e.svc.ApproveExtension(ctx, dispatcher, o.Number, o.Version, ""))
		adj, _ := e.svc.Adjustments(ctx, dispatcher, o.Number)
		if len(adj.Requests) != 2 || adj.Requests[0].Status != order.RequestLapsed || adj.Requests[0].Handler != gridA ||
			adj.Requests[1].Status != order.RequestApproved || adj.Requests[1].Handler != "shuiwu" || adj.Extensions != 1 {
			t.Fatalf("requests %+v", adj)
		}
	})
}
