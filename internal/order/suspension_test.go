package order_test

import (
	"context"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestSuspensionStopsTheClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := atDepartment(t, e, "chengguan", "shuiwu")
		refused(t, e, o.Number, "request before signing", order.ErrIllegalTransition, func() error {
			_, err := e.svc.RequestSuspension(ctx, chengguan, o.Number, o.Version, "等待法院裁定")
			return err
		})
		o = must(t, "sign")(e.svc.Sign(ctx, chengguan, o.Number, o.Version))
		sameTime(t, "due", o.ResolveDueAt, time.Date(2026, 11, 27, 0, 0, 0, 0, cst)) // Thursday 24:00

		request := func(a order.Actor, version int) func() error {
			return func() error {
				_, err := e.svc.RequestSuspension(ctx, a, o.Number, version, "等待法院裁定")
				return err
			}
		}
		refused(t, e, o.Number, "dispatcher requests", order.ErrForbidden, request(dispatcher, o.Version))
		refused(t, e, o.Number, "co-handler requests", order.ErrForbidden, request(shuiwu, o.Version))
		refused(t, e, o.Number, "out of scope", order.ErrNotFound, request(gongdian, o.Version))
		refused(t, e, o.Number, "stale", order.ErrStaleVersion, request(chengguan, o.Version-1))
		refused(t, e, o.Number, "resume a running order", order.ErrIllegalTransition, func() error {
			_, err := e.svc.Resume(ctx, chengguan, o.Number, o.Version, "")
			return err
		})

		e.now.Set(time.Date(2026, 11, 24, 10, 0, 0, 0, cst)) // Tuesday 10:00
		o = must(t, "request")(e.svc.RequestSuspension(ctx, chengguan, o.Number, o.Version, "等待法院裁定"))
		approve := func(a order.Actor, version int) func() error {
			return func() error { _, err := e.svc.ApproveSuspension(ctx, a, o.Number, version, ""); return err }
		}
		refused(t, e, o.Number, "handler approves", order.ErrForbidden, approve(chengguan, o.Version))
		refused(t, e, o.Number, "other district", order.ErrNotFound, approve(farDispatcher, o.Version))
		refused(t, e, o.Number, "stale approval", order.ErrStaleVersion, approve(dispatcher, o.Version-1))
		refused(t, e, o.Number, "approve it as an extension", order.ErrIllegalTransition, func() error {
			_, err := e.svc.ApproveExtension(ctx, dispatcher, o.Number, o.Version, "")
			return err
		})
		o = must(t, "approve")(e.svc.ApproveSuspension(ctx, dispatcher, o.Number, o.Version, "同意挂起"))
		if o.Status != order.StatusSuspended {
			t.Fatalf("status %s", o.Status)
		}
		adj, _ := e.svc.Adjustments(ctx, chengguan, o.Number)
		if !adj.SuspendedAt.Equal(e.now.Now()) {
			t.Fatalf("suspended at %s", adj.SuspendedAt)
		}

		// Suspended: no handling, and not overdue once the old deadline passes.
		refused(t, e, o.Number, "resolve while suspended", order.ErrIllegalTransition, func() error {
			_, err := e.svc.Resolve(ctx, chengguan, o.Number, o.Version, "x", nil)
			return err
		})
		refused(t, e, o.Number, "extension while suspended", order.ErrIllegalTransition, request(chengguan, o.Version))
		e.now.Set(time.Date(2026, 11, 30, 15, 0, 0, 0, cst)) // next Monday 15:00
		overdue, err := e.svc.ListConcern(ctx, supervisor, order.ConcernFilter{Concern: order.ConcernOverdue})
		if err != nil || overdue.Total != 0 {
			t.Fatalf("a suspended order is listed overdue: %d %v", overdue.Total, err)
		}
		refused(t, e, o.Number, "co-handler resumes", order.ErrForbidden, func() error {
			_, err := e.svc.Resume(ctx, shuiwu, o.Number, o.Version, "")
			return err
		})
		refused(t, e, o.Number, "stale resume", order.ErrStaleVersion, func() error {
			_, err := e.svc.Resume(ctx, chengguan, o.Number, o.Version-1, "")
			return err
		})

		// The pause covered Wed, Thu, Fri and Mon: 4 working days, added to
		// Thursday 24:00 by the extension rule: Fri, Mon, Tue, Wed → Wed 24:00.
		o = must(t, "resume")(e.svc.Resume(ctx, chengguan, o.Number, o.Version, "已裁定，恢复办理"))
		if o.Status != order.StatusProcessing {
			t.Fatalf("status after resume %s", o.Status)
		}
		sameTime(t, "due after resume", o.ResolveDueAt, time.Date(2026, 12, 3, 0, 0, 0, 0, cst))
		ev := lastEvent(t, e, o.Number)
		if ev.Action != order.ActionResume || ev.Data["working_days_added"] != float64(4) {
			t.Fatalf("resume event %+v", ev)
		}
		adj, _ = e.svc.Adjustments(ctx, chengguan, o.Number)
		r := adj.Requests[0]
		if !adj.SuspendedAt.IsZero() || adj.Extensions != 0 || r.Status != order.RequestApproved ||
			!r.DecidedAt.Equal(time.Date(2026, 11, 24, 10, 0, 0, 0, cst)) || !r.ResumedAt.Equal(e.now.Now()) ||
			!r.DueAfter.Equal(o.ResolveDueAt) {
			t.Fatalf("adjustments after resume %+v", adj)
		}

		// A pause within one day adds nothing; a dispatcher may resume too.
		e.now.Set(time.Date(2026, 12, 1, 9, 0, 0, 0, cst))
		o = must(t, "request again")(e.svc.RequestSuspension(ctx, chengguan, o.Number, o.Version, "业主外出"))
		o = must(t, "approve again")(e.svc.ApproveSuspension(ctx, supervisor, o.Number, o.Version, ""))
		e.now.Advance(6 * time.Hour)
		o = must(t, "dispatcher resumes")(e.svc.Resume(ctx, dispatcher, o.Number, o.Version, ""))
		sameTime(t, "due after a same-day pause", o.ResolveDueAt, time.Date(2026, 12, 3, 0, 0, 0, 0, cst))

		// A rejected suspension leaves the order processing.
		o = must(t, "request a third time")(e.svc.RequestSuspension(ctx, chengguan, o.Number, o.Version, "天气原因"))
		o = must(t, "reject")(e.svc.RejectSuspension(ctx, dispatcher, o.Number, o.Version, "不属于挂起情形"))
		if o.Status != order.StatusProcessing {
			t.Fatalf("status after rejection %s", o.Status)
		}
	})
}

// An emergency's limit is clock time, so its pause is added as clock time.
func TestSuspensionOfAClockLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := mustCreate(t, e, operator, order.Input{Channel: order.ChannelHotline, Category: "gas.leak", Description: "燃气表后管道漏气",
			Point: inA, Attributes: map[string]string{"valve_closed": "yes"}})
		sameTime(t, "emergency due", o.ResolveDueAt, monday09.Add(4*time.Hour))
		o = must(t, "sign")(e.svc.Sign(ctx, ranqi, o.Number, o.Version))
		e.now.Advance(time.Hour)
		o = must(t, "request")(e.svc.RequestSuspension(ctx, ranqi, o.Number, o.Version, "等待物业开门"))
		o = must(t, "approve")(e.svc.ApproveSuspension(ctx, dispatcher, o.Number, o.Version, ""))
		e.now.Advance(90 * time.Minute)
		o = must(t, "resume")(e.svc.Resume(ctx, ranqi, o.Number, o.Version, ""))
		sameTime(t, "due after a 90-minute pause", o.ResolveDueAt, monday09.Add(4*time.Hour+90*time.Minute))
		if ev := lastEvent(t, e, o.Number); ev.Data["minutes_added"] != float64(90) {
			t.Fatalf("resume event %+v", ev)
		}
	})
}
