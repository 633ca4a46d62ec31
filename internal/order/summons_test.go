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

func TestSummonsAndReportIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := mustCreate(t, e, operator, noise("小区门口夜市噪音扰民，摊贩占道"))
		whistle := order.SummonsInput{Departments: []string{"shuiwu", "chengguan"}, Note: "夜市占道和噪音，请城管、水务到场联合处置"}

		summon := func(a order.Actor, version int, in order.SummonsInput) func() error {
			return func() error { _, _, err := e.svc.Summon(ctx, a, o.Number, version, in); return err }
		}
		refused(t, e, o.Number, "grid worker blows the whistle", order.ErrForbidden, summon(gridWorker, o.Version, whistle))
		refused(t, e, o.Number, "dispatcher blows the whistle", order.ErrForbidden, summon(dispatcher, o.Version, whistle))
		refused(t, e, o.Number, "another community", order.ErrNotFound, summon(communityThree, o.Version, whistle))
		refused(t, e, o.Number, "stale summons", order.ErrStaleVersion, summon(communityOne, o.Version-1, whistle))
		refused(t, e, o.Number, "no department", order.ErrInvalid, summon(communityOne, o.Version, order.SummonsInput{Note: "x"}))
		refused(t, e, o.Number, "unknown department", order.ErrInvalid, summon(communityOne, o.Version,
			order.SummonsInput{Departments: []string{"nosuch"}, Note: "x"}))
		refused(t, e, o.Number, "department of another district", order.ErrInvalid, summon(communityOne, o.Version,
			order.SummonsInput{Departments: []string{"faraway"}, Note: "x"}))
		refused(t, e, o.Number, "report-by in the past", order.ErrInvalid, summon(communityOne, o.Version,
			order.SummonsInput{Departments: []string{"shuiwu"}, Note: "x", ReportBy: monday09.Add(-time.Minute)}))

		o, sm, err := e.svc.Summon(ctx, communityOne, o.Number, o.Version, whistle)
		if err != nil {
			t.Fatal(err)
		}
		sameTime(t, "default report-by", sm.ReportBy, monday09.Add(24*time.Hour))
		if len(sm.Departments) != 2 || sm.Departments[0].Department != "chengguan" || sm.Number != o.Number {
			t.Fatalf("summons %+v", sm)
		}

		// chengguan reports in within the hour; shuiwu does not.
		e.now.Advance(time.Hour)
		refused(t, e, o.Number, "community reports in", order.ErrForbidden, func() error {
			_, err := e.svc.ReportIn(ctx, communityOne, sm.ID, "到")
			return err
		})
		refused(t, e, o.Number, "a department not summoned", order.ErrNotFound, func() error {
			_, err := e.svc.ReportIn(ctx, gongdian, sm.ID, "到")
			return err
		})
		got, err := e.svc.ReportIn(ctx, chengguan, sm.ID, "城管中队二人到场")
		if err != nil {
			t.Fatal(err)
		}
		if d := got.Departments[0]; !d.ReportedAt.Equal(monday09.Add(time.Hour)) || d.Note != "城管中队二人到场" || got.Late(d, e.now.Now()) {
			t.Fatalf("report-in %+v", d)
		}
		refused(t, e, o.Number, "report in twice", order.ErrIllegalTransition, func() error {
			_, err := e.svc.ReportIn(ctx, chengguan, sm.ID, "又到")
			return err
		})
		if list, _ := e.svc.OverdueSummons(ctx, communityOne); len(list) != 0 {
			t.Fatalf("overdue before the time: %+v", list)
		}

		// A day later shuiwu is overdue: visible to the community, the
		// district and shuiwu, not to chengguan (it came) nor elsewhere.
		e.now.Advance(24 * time.Hour)
		for _, c := range []struct {
			who  order.Actor
			want int
		}{{communityOne, 1}, {supervisor, 1}, {shuiwu, 1}, {chengguan, 0}, {communityThree, 0}, {gongdian, 0}} {
			list, err := e.svc.OverdueSummons(ctx, c.who)
			if err != nil || len(list) != c.want {
				t.Fatalf("overdue summons for %s: %d (%v), want %d", c.who.Name, len(list), err, c.want)
			}
			if c.want == 1 && (list[0].ID != sm.ID || !list[0].Late(list[0].Departments[1], e.now.Now())) {
				t.Fatalf("overdue summons %+v", list[0])
			}
		}
		counts, err := e.svc.ReportInCounts(ctx, supervisor, monday09.Add(-time.Hour), e.now.Now())
		if err != nil {
			t.Fatal(err)
		}
		want := []order.ReportInCount{{Department: "chengguan", Summoned: 1, OnTime: 1}, {Department: "shuiwu", Summoned: 1, Missing: 1}}
		if !slices.Equal(counts, want) {
			t.Fatalf("counts %+v, want %+v", counts, want)
		}

		// shuiwu reports in late: counted late, and so marked on the timeline.
		if _, err := e.svc.ReportIn(ctx, shuiwu, sm.ID, "水务所迟到报到"); err != nil {
			t.Fatal(err)
		}
		counts, _ = e.svc.ReportInCounts(ctx, shuiwu, monday09.Add(-time.Hour), e.now.Now())
		if want := []order.ReportInCount{{Department: "shuiwu", Summoned: 1, Late: 1}}; !slices.Equal(counts, want) {
			t.Fatalf("shuiwu's own counts %+v, want %+v", counts, want)
		}
		if ev := lastEvent(t, e, o.Number); ev.Action != order.ActionReportIn || ev.Data["late"] != true || ev.Data["department"] != "shuiwu" {
			t.Fatalf("last event %+v", ev)
		}
		if list, _ := e.svc.OverdueSummons(ctx, communityOne); len(list) != 0 {
			t.Fatalf("overdue after everyone came: %+v", list)
		}
		// Reporting in does not change the order's version.
		cur, _ := e.svc.Get(ctx, supervisor, o.Number)
		if cur.Version != o.Version {
			t.Fatalf("report-ins moved the version %d → %d", o.Version, cur.Version)
		}
		if got := actions(t, e, o.Number); !slices.Equal(got[len(got)-3:], []string{"summon:dispatched", "report_in:dispatched", "report_in:dispatched"}) {
			t.Fatalf("timeline %v", got)
		}
		list, err := e.svc.SummonsOf(ctx, streetOne, o.Number)
		if err != nil || len(list) != 1 || list[0].Departments[1].ReporterName == "" {
			t.Fatalf("summons of the order: %+v %v", list, err)
		}
		if _, err := e.svc.GetSummons(ctx, shuiwu, sm.ID); err != nil {
			t.Fatalf("summoned department reads the summons: %v", err)
		}
		wantErr(t, "another department reads the summons", func() error { _, err := e.svc.GetSummons(ctx, gongdian, sm.ID); return err }(), order.ErrNotFound)
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE topic IN ('order.summon', 'order.report_in')`); n != 3 {
			t.Fatalf("outbox has %d summons events, want 3", n)
		}
	})
}

func TestSummonsOfAnEmergencyAndInWrongStates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		gas := mustCreate(t, e, operator, order.Input{Channel: order.ChannelHotline, Category: "gas.leak", Description: "单元门口燃气管道漏气",
			Point: inA, Attributes: map[string]string{"valve_closed": "no"}})
		_, sm, err := e.svc.Summon(ctx, streetOne, gas.Number, gas.Version,
			order.SummonsInput{Departments: []string{"gongdian"}, Note: "燃气泄漏，需断电配合"})
		if err != nil {
			t.Fatal(err)
		}
		sameTime(t, "emergency report-by", sm.ReportBy, monday09.Add(30*time.Minute))
		// An explicit time wins.
		gas, _ = e.svc.Get(ctx, supervisor, gas.Number)
		_, sm, err = e.svc.Summon(ctx, streetOne, gas.Number, gas.Version,
			order.SummonsInput{Departments: []string{"shuiwu"}, Note: "关阀配合", ReportBy: monday09.Add(2 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		sameTime(t, "explicit report-by", sm.ReportBy, monday09.Add(2*time.Hour))

		// A resident's web order awaiting acceptance cannot be summoned on.
		web := mustCreate(t, e, resident, order.Input{Channel: order.ChannelWeb, Category: "noise.disturb", Description: "晚上装修",
			Point: inA, Attributes: map[string]string{"source": "neighbour"}, ReporterPhone: "13900001111"})
		refused(t, e, web.Number, "summons on a new order", order.ErrIllegalTransition, func() error {
			_, _, err := e.svc.Summon(ctx, communityOne, web.Number, web.Version, order.SummonsInput{Departments: []string{"shuiwu"}, Note: "x"})
			return err
		})
	})
}
