package order_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestCoHandlersSignAndReplyTheirPart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := atDepartment(t, e, "chengguan", "ranqi", "shuiwu")

		// Refusals first, each changing nothing.
		refused(t, e, o.Number, "grid worker co-signs", order.ErrForbidden, func() error {
			_, err := e.svc.CoSign(ctx, gridWorker, o.Number, o.Version)
			return err
		})
		refused(t, e, o.Number, "the lead co-signs", order.ErrForbidden, func() error {
			_, err := e.svc.CoSign(ctx, chengguan, o.Number, o.Version)
			return err
		})
		refused(t, e, o.Number, "a department not on the order", order.ErrNotFound, func() error {
			_, err := e.svc.CoSign(ctx, gongdian, o.Number, o.Version)
			return err
		})
		refused(t, e, o.Number, "stale co-sign", order.ErrStaleVersion, func() error {
			_, err := e.svc.CoSign(ctx, shuiwu, o.Number, o.Version-1)
			return err
		})
		refused(t, e, o.Number, "reply before signing", order.ErrIllegalTransition, func() error {
			_, err := e.svc.CoReply(ctx, shuiwu, o.Number, o.Version, "已派人")
			return err
		})
		refused(t, e, o.Number, "empty reply", order.ErrInvalid, func() error {
			_, err := e.svc.CoReply(ctx, shuiwu, o.Number, o.Version, "  ")
			return err
		})

		e.now.Advance(10 * time.Minute)
		signedAt := e.now.Now()
		o = must(t, "shuiwu co-signs")(e.svc.CoSign(ctx, shuiwu, o.Number, o.Version))
		refused(t, e, o.Number, "co-sign twice", order.ErrIllegalTransition, func() error {
			_, err := e.svc.CoSign(ctx, shuiwu, o.Number, o.Version)
			return err
		})
		e.now.Advance(time.Hour)
		repliedAt := e.now.Now()
		o = must(t, "shuiwu replies")(e.svc.CoReply(ctx, shuiwu, o.Number, o.Version, "已检查排水管道，无渗漏"))
		e.now.Advance(time.Hour)
		o = must(t, "shuiwu replies again")(e.svc.CoReply(ctx, shuiwu, o.Number, o.Version, "复查：排水正常"))
		if o.Status != order.StatusDispatched || o.HandlerCode != "chengguan" {
			t.Fatalf("co-handler steps moved the order: %s %s", o.Status, o.HandlerCode)
		}

		parts, err := e.svc.CoHandling(ctx, chengguan, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		if len(parts) != 2 || parts[0].Department != "ranqi" || parts[1].Department != "shuiwu" {
			t.Fatalf("co-handlers %+v", parts)
		}
		if !parts[0].SignedAt.IsZero() || !parts[0].RepliedAt.IsZero() {
			t.Fatalf("ranqi did nothing yet: %+v", parts[0])
		}
		sw := parts[1]
		if !sw.SignedAt.Equal(signedAt) || !sw.RepliedAt.Equal(repliedAt) || sw.Note != "复查：排水正常" {
			t.Fatalf("shuiwu's part %+v", sw)
		}
		if _, err := e.svc.CoHandling(ctx, gongdian, o.Number); err == nil {
			t.Fatal("a department not on the order read its co-handlers")
		}

		// The lead signs and resolves; a co-handler's part ends with it.
		o = must(t, "lead signs")(e.svc.Sign(ctx, chengguan, o.Number, o.Version))
		o = must(t, "lead resolves")(e.svc.Resolve(ctx, chengguan, o.Number, o.Version, "已责令饭店更换低噪音风机", nil))
		refused(t, e, o.Number, "co-sign after resolution", order.ErrIllegalTransition, func() error {
			_, err := e.svc.CoSign(ctx, ranqi, o.Number, o.Version)
			return err
		})

		got := actions(t, e, o.Number)
		want := []string{"create:pending", "dispatch:dispatched", "redispatch:dispatched", "co_sign:dispatched",
			"co_reply:dispatched", "co_reply:dispatched", "sign:processing", "resolve:resolved"}
		if !slices.Equal(got, want) {
			t.Fatalf("timeline\n got %v\nwant %v", got, want)
		}
		tl, _ := e.svc.Timeline(ctx, supervisor, o.Number)
		if tl[3].Data["department"] != "shuiwu" || tl[4].Note != "已检查排水管道，无渗漏" || tl[4].Data["first"] != true ||
			tl[5].Data["first"] != false {
			t.Fatalf("co-handler events %+v / %+v / %+v", tl[3], tl[4], tl[5])
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE topic IN ('order.co_sign', 'order.co_reply')`); n != 3 {
			t.Fatalf("outbox has %d co-handler events, want 3", n)
		}
	})
}
