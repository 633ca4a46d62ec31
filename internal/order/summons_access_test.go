package order_test

import (
	"context"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// A department summoned (吹哨) to an order it neither leads nor co-handles
// reads it — the order, its timeline, photos, co-handlers, adjustments and
// summons — and nothing more: it may not act on it, reveal the reporter,
// nor find it in its order list; a department not summoned still gets
// ErrNotFound.
func TestSummonedDepartmentReadsTheOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := mustCreate(t, e, operator, noise("小区门口夜市噪音扰民，摊贩占道"))
		reads := map[string]func(a order.Actor) error{
			"get":         func(a order.Actor) error { _, err := e.svc.Get(ctx, a, o.Number); return err },
			"timeline":    func(a order.Actor) error { _, err := e.svc.Timeline(ctx, a, o.Number); return err },
			"photos":      func(a order.Actor) error { _, err := e.svc.Photos(ctx, a, o.Number); return err },
			"co-handling": func(a order.Actor) error { _, err := e.svc.CoHandling(ctx, a, o.Number); return err },
			"adjustments": func(a order.Actor) error { _, err := e.svc.Adjustments(ctx, a, o.Number); return err },
			"summons":     func(a order.Actor) error { _, err := e.svc.SummonsOf(ctx, a, o.Number); return err },
		}
		for name, read := range reads {
			wantErr(t, "shuiwu "+name+" before the whistle", read(shuiwu), order.ErrNotFound)
		}
		o, _, err := e.svc.Summon(ctx, communityOne, o.Number, o.Version,
			order.SummonsInput{Departments: []string{"shuiwu"}, Note: "夜市占道，请水务到场"})
		if err != nil {
			t.Fatal(err)
		}
		for name, read := range reads {
			if err := read(shuiwu); err != nil {
				t.Fatalf("summoned shuiwu %s: %v", name, err)
			}
			wantErr(t, "gongdian (not summoned) "+name, read(gongdian), order.ErrNotFound)
		}
		got, err := e.svc.Get(ctx, shuiwu, o.Number)
		if err != nil || got.Reporter.Phone == "13812345678" || got.Reporter.Phone == "" {
			t.Fatalf("summoned department's view: reporter %+v (%v), want masked", got.Reporter, err)
		}
		refused(t, e, o.Number, "summoned department signs", order.ErrNotFound, func() error {
			_, err := e.svc.Sign(ctx, shuiwu, o.Number, o.Version)
			return err
		})
		refused(t, e, o.Number, "summoned department reveals the reporter", order.ErrNotFound, func() error {
			_, err := e.svc.RevealReporter(ctx, shuiwu, o.Number, "核实情况需要联系居民")
			return err
		})
		if page, err := e.svc.List(ctx, shuiwu, order.Filter{}); err != nil || page.Total != 0 {
			t.Fatalf("summoned department's order list: %d orders (%v), want none", page.Total, err)
		}
	})
}
