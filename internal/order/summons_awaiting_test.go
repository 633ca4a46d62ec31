package order_test

import (
	"context"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestAwaitingReportIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := mustCreate(t, e, operator, noise("小区门口夜市噪音扰民，摊贩占道"))
		_, sm, err := e.svc.Summon(ctx, communityOne, o.Number, o.Version,
			order.SummonsInput{Departments: []string{"shuiwu", "chengguan"}, Note: "请到场联合处置"})
		if err != nil {
			t.Fatal(err)
		}
		ids := func(a order.Actor) []int64 {
			t.Helper()
			list, err := e.svc.AwaitingReportIn(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, s := range list {
				out = append(out, s.ID)
			}
			return out
		}
		// Before its time has passed the summons already waits (OverdueSummons
		// would not list it yet).
		for _, a := range []order.Actor{chengguan, shuiwu, communityOne, streetOne} {
			if got := ids(a); len(got) != 1 || got[0] != sm.ID {
				t.Fatalf("%s waits for %v, want [%d]", a.Name, got, sm.ID)
			}
		}
		for _, a := range []order.Actor{ranqi, streetTwo, communityThree} {
			if got := ids(a); len(got) != 0 {
				t.Fatalf("%s sees %v", a.Name, got)
			}
		}
		e.now.Advance(time.Hour)
		if _, err := e.svc.ReportIn(ctx, chengguan, sm.ID, "到场"); err != nil {
			t.Fatal(err)
		}
		if got := ids(chengguan); len(got) != 0 {
			t.Fatalf("chengguan still waits after reporting in: %v", got)
		}
		if got := ids(shuiwu); len(got) != 1 {
			t.Fatalf("shuiwu no longer waits: %v", got)
		}
		if got := ids(communityOne); len(got) != 1 {
			t.Fatalf("the community no longer sees the unanswered whistle: %v", got)
		}
	})
}
