package report_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// The orders of seedWeek in street 1 (210504002), received in the week,
// judged at asOf (20 March). Reply due 2 h after receipt; resolution due
// 3 days after unless noted.
//
//	     channel  status      reply      resolve               callback     rating  rework ext
//	o1   hotline  closed      1h ✓       1d ✓                  2d (after)   满意
//	o2   web      closed      3h ✗       2d ✓                  60h (after)  基本满意
//	o3   hotline  resolved    2h ✓ (=)   4d ✗                  —
//	o4   patrol   closed      30m ✓      2d ✓ (due 4d)         3d (after)   满意     1
//	o5   hotline  processing  1h ✓       open, due 5d passed   —                             1
//	o6   hotline  resolved    1h ✓       1d ✓                  36h (after)  不满意
//	o7   hotline  cancelled   (not valid)
//	o8   hotline  merged      (not valid)
//	o9   patrol   suspended   none, due passed ✗  open but suspended: not due
//	o10  consult  closed      10m ✓      10m ✓                 answered on the spot (no callback due)
//	o11  hotline  resolved    1h ✓       3d ✓ (due 6d)         2d (before the re-resolution)  不满意  1  1
//
// Hand computation for street 1:
//
//	受理量 received          11 (o1–o11); cancelled 1, merged 1 → valid 9
//	响应率                   due 9 (every valid order: replied or past due), on time 7
//	                         (all but o2 late and o9 unanswered) → 7/9
//	按期办结率               due 8 (7 done + o5 open past due; o9 suspended), on time 6
//	                         (o3 late) → 6/8 = 75%
//	办结率                   done 7 (o1 o2 o3 o4 o6 o10 o11) / valid 9 → 7/9
//	满意率                   rated 5 (o1 o2 o4 o6 o11): 满意 2 + 基本满意 1 → 3/5 = 60%;
//	                         strict 2/5 = 40%; weighting 基本满意 0.8 → 2.8/5 = 56%
//	回访率                   due 6 (resolved o3 o6 o11 + closed by callback o1 o2 o4;
//	                         not o10), called back after the latest resolution 4
//	                         (o1 o2 o4 o6; o3 none, o11 before) → 4/6
//	返工率                   reworked 2 (o4 o11) / resolved at least once 7 → 2/7
//	延期率                   extended 2 (o5 o11) / valid 9 → 2/9
//	并单率                   1/11; 未诉先办 2/11 (o4 o9)
//	三率 (10/45/45, 解决率 = 办结率)
//	                         10·7/9 + 45·7/9 + 45·3/5 = 385/9 + 27 = 628/9 ≈ 69.78
//
// Street 2 adds o13 (满意) and o14 (基本满意), both replied and resolved on
// time and called back, so district 210504 is:
//
//	received 13, valid 11; 响应 9/11; 按期 8/10; 办结 9/11; 满意 5/7 (strict
//	3/7); 回访 6/8; 返工 2/9; 延期 2/11; 并单 1/13; 未诉先办 2/13;
//	score 10·9/11 + 45·9/11 + 45·5/7 = 45 + 225/7 = 540/7 ≈ 77.14
func TestMeasuresHandComputed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		ctx := context.Background()
		rep := newReporter(t, db, asOf, report.Config{MinSample: 3})

		check := func(t *testing.T, source string) {
			m := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: street1, From: from, To: to}))
			if m.Source != source || !m.AsOf.Equal(asOf) || m.NodeName != "r"+street1 {
				t.Errorf("source %q as of %s node %q, want %q as of %s", m.Source, m.AsOf, m.NodeName, source, asOf)
			}
			c := m.Counts
			if c.Received != 11 || c.Cancelled != 1 || c.Merged != 1 || c.Valid() != 9 || c.Patrol != 2 {
				t.Errorf("street 1 counts %+v", c)
			}
			rs := m.Rates
			if rs.Received != 11 || rs.Valid != 9 {
				t.Errorf("received %d valid %d", rs.Received, rs.Valid)
			}
			wantRate(t, "响应率", rs.Response, 7, 9)
			wantRate(t, "按期办结率", rs.OnTimeResolve, 6, 8)
			wantRate(t, "办结率", rs.Resolve, 7, 9)
			wantRate(t, "满意率", rs.Satisfaction, 3, 5)
			wantRate(t, "满意率(仅满意)", rs.StrictSatisfaction, 2, 5)
			wantRate(t, "回访率", rs.Callback, 4, 6)
			wantRate(t, "返工率", rs.Rework, 2, 7)
			wantRate(t, "延期率", rs.Extension, 2, 9)
			wantRate(t, "并单率", rs.Merge, 1, 11)
			wantRate(t, "未诉先办", rs.PatrolShare, 2, 11)
			wantScore(t, "street 1", rs.Score, 628.0/9)
			if rs.Score.Thin || rs.Response.Thin || rs.Satisfaction.Thin || rs.Score.Solve != report.SolveByResolveRate {
				t.Errorf("street 1 score %+v: nothing should be thin with min sample 3", rs.Score)
			}

			dm := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: district, From: from, To: to}))
			dr := dm.Rates
			if dr.Received != 13 || dr.Valid != 11 {
				t.Errorf("district received %d valid %d, want 13 and 11", dr.Received, dr.Valid)
			}
			wantRate(t, "district 响应率", dr.Response, 9, 11)
			wantRate(t, "district 按期办结率", dr.OnTimeResolve, 8, 10)
			wantRate(t, "district 办结率", dr.Resolve, 9, 11)
			wantRate(t, "district 满意率", dr.Satisfaction, 5, 7)
			wantRate(t, "district 满意率(仅满意)", dr.StrictSatisfaction, 3, 7)
			wantRate(t, "district 回访率", dr.Callback, 6, 8)
			wantRate(t, "district 返工率", dr.Rework, 2, 9)
			wantRate(t, "district 延期率", dr.Extension, 2, 11)
			wantRate(t, "district 并单率", dr.Merge, 1, 13)
			wantRate(t, "district 未诉先办", dr.PatrolShare, 2, 13)
			wantScore(t, "district", dr.Score, 540.0/7)

			// The city adds o15 (pending, district 210505): 14 received.
			cm := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{From: from, To: to}))
			if cm.Node != city || cm.Rates.Received != 14 || cm.Rates.Valid != 12 {
				t.Errorf("city %s: received %d valid %d, want 14 and 12", cm.Node, cm.Rates.Received, cm.Rates.Valid)
			}
			// o15 was received Wednesday 12:00; its reply and resolution are
			// long overdue at asOf: 响应 9/12, 按期 8/11, 办结 9/12.
			wantRate(t, "city 响应率", cm.Rates.Response, 9, 12)
			wantRate(t, "city 按期办结率", cm.Rates.OnTimeResolve, 8, 11)
			wantRate(t, "city 办结率", cm.Rates.Resolve, 9, 12)

			// Street 2 alone: 2 orders, everything 100%, and thin (2 < 3).
			s2 := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: street2, From: from, To: to}))
			wantRate(t, "street 2 响应率", s2.Rates.Response, 2, 2)
			wantScore(t, "street 2", s2.Rates.Score, 100)
			if !s2.Rates.Response.Thin || !s2.Rates.Score.Thin {
				t.Errorf("street 2 on 2 orders should be thin: %+v", s2.Rates.Score)
			}

			// Grid A (o1 o2 o5 o6 o8 o9): valid 5 (o8 merged); 响应 3/5
			// (o2 late, o9 none); 办结 3/5; 满意 2/3 → 6 + 27 + 30 = 63.
			ga := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: gridA, From: from, To: to}))
			if ga.Rates.Received != 6 || ga.Rates.Valid != 5 {
				t.Errorf("grid A received %d valid %d", ga.Rates.Received, ga.Rates.Valid)
			}
			wantRate(t, "grid A 响应率", ga.Rates.Response, 3, 5)
			wantRate(t, "grid A 办结率", ga.Rates.Resolve, 3, 5)
			wantRate(t, "grid A 满意率", ga.Rates.Satisfaction, 2, 3)
			wantScore(t, "grid A", ga.Rates.Score, 63)

			// Community 2 (o7 cancelled, o10 answered): no rating at all,
			// so the score is 响应 and 解决 alone, reweighted: 100.
			c2 := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: community2, From: from, To: to}))
			wantRate(t, "community 2 满意率", c2.Rates.Satisfaction, 0, 0)
			wantRate(t, "community 2 回访率", c2.Rates.Callback, 0, 0)
			wantScore(t, "community 2", c2.Rates.Score, 100)

			// Category streetlight.out (o1 o3 in street 1) and its class
			// component.utility give the same figures: 响应 2/2, 办结 2/2,
			// 按期 1/2 (o3 late), 满意 1/1.
			for _, cat := range []string{"streetlight.out", "component.utility"} {
				sl := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: street1, Category: cat, From: from, To: to}))
				if sl.Rates.Received != 2 {
					t.Errorf("%s: received %d, want 2", cat, sl.Rates.Received)
				}
				wantRate(t, cat+" 按期办结率", sl.Rates.OnTimeResolve, 1, 2)
				wantRate(t, cat+" 满意率", sl.Rates.Satisfaction, 1, 1)
			}
			// Department chengguan leads o1 o2 o6 in street 1: 响应 2/3,
			// 办结 3/3, 满意 2/3 → 10·2/3 + 45 + 30 = 245/3.
			cg := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: street1, Department: "chengguan", From: from, To: to}))
			if cg.Rates.Received != 3 || cg.DepartmentName != "dchengguan" {
				t.Errorf("chengguan: received %d (%s)", cg.Rates.Received, cg.DepartmentName)
			}
			wantRate(t, "chengguan 响应率", cg.Rates.Response, 2, 3)
			wantScore(t, "chengguan", cg.Rates.Score, 245.0/3)
		}
		t.Run("direct", func(t *testing.T) { check(t, "direct") })
		if _, err := rep.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		t.Run("rollup", func(t *testing.T) { check(t, "rollup") })
	})
}

// TestMeasuresConfig: the 0.8 weighting of 基本满意 and 按期办结率 as 解决率.
func TestMeasuresConfig(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		rep := newReporter(t, db, asOf, report.Config{Ratings: report.RatingWeights{Satisfied: 1, Basic: 0.8},
			Solve: report.SolveByOnTimeRate, Weights: report.Weights{Response: 20, Solve: 40, Satisfaction: 40}})
		m := must[report.Measures](t)(rep.Measures(context.Background(), leader, report.Query{Node: street1, From: from, To: to}))
		// 满意率 = (2 + 0.8) / 5 = 56%; strict stays 2/5.
		if s := m.Rates.Satisfaction; s.Den != 5 || s.Num < 2.8-1e-12 || s.Num > 2.8+1e-12 || s.Value < 0.56-1e-12 || s.Value > 0.56+1e-12 {
			t.Errorf("weighted 满意率 %+v, want 2.8/5", s)
		}
		wantRate(t, "strict", m.Rates.StrictSatisfaction, 2, 5)
		// score = (20·7/9 + 40·6/8 + 40·0.56) / 100 × 100 = 15.56 + 30 + 22.4
		wantScore(t, "reweighted", m.Rates.Score, 20*7.0/9+40*0.75+40*0.56)
		if m.Rates.Score.Solve != report.SolveByOnTimeRate || !m.Rates.Score.Thin {
			t.Errorf("score %+v: want solve by on-time rate and thin (default min sample 30)", m.Rates.Score)
		}
		defs := rep.Definitions()
		var score report.Definition
		for _, d := range defs {
			if d.ID == "score" {
				score = d
			}
			if d.NameZh == "" || d.NameEn == "" || d.FormulaZh == "" || d.FormulaEn == "" {
				t.Errorf("definition %s incomplete: %+v", d.ID, d)
			}
		}
		if len(defs) != 13 || score.FormulaZh == "" ||
			!strings.Contains(score.FormulaZh, "20 × 响应率 + 40 × 解决率 + 40 × 满意率") || !strings.Contains(score.FormulaZh, "按期办结率") {
			t.Errorf("%d definitions; score formula %q", len(defs), score.FormulaZh)
		}
	})
}

// TestAsOf: a reply or resolution not yet due is not a failure, and
// nothing received after the as-of time counts.
func TestAsOf(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		// x1 at 10:00 unanswered (reply due 12:00); x2 at 08:00 unanswered
		// (due 10:00); x3 at 08:30 answered at 09:00 and resolved at 10:30;
		// x4 at 11:30.
		insert(t, db, row{name: "x1", grid: gridA, status: "dispatched", received: day(0, 10, 0)})
		insert(t, db, row{name: "x2", grid: gridA, status: "dispatched", received: day(0, 8, 0)})
		insert(t, db, row{name: "x3", grid: gridA, status: "resolved", received: day(0, 8, 30), replied: 30 * time.Minute,
			resolved: 2 * h})
		insert(t, db, row{name: "x4", grid: gridA, status: "dispatched", received: day(0, 11, 30)})
		ctx := context.Background()
		rep := newReporter(t, db, asOf, report.Config{})
		at := func(hour int) report.Rates {
			m := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: street1, From: from, To: to, AsOf: day(0, hour, 0)}))
			if m.Source != "direct" {
				t.Errorf("as-of query answered by %s", m.Source)
			}
			return m.Rates
		}
		// At 11:00: x1, x2, x3 received; x2's reply is due and missing, x1's
		// not yet due → 响应 1/2. Only x3 is due for resolution → 按期 1/1.
		r11 := at(11)
		if r11.Received != 3 {
			t.Errorf("at 11:00 received %d, want 3", r11.Received)
		}
		wantRate(t, "响应率 at 11:00", r11.Response, 1, 2)
		wantRate(t, "按期办结率 at 11:00", r11.OnTimeResolve, 1, 1)
		// At 13:00: x4 received too; x1's reply is now late, x4's not due →
		// 响应 1/3.
		r13 := at(13)
		if r13.Received != 4 {
			t.Errorf("at 13:00 received %d, want 4", r13.Received)
		}
		wantRate(t, "响应率 at 13:00", r13.Response, 1, 3)
	})
}

// TestPeriodBoundaries: From is inclusive to the millisecond, To
// exclusive.
func TestPeriodBoundaries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		ctx := context.Background()
		rep := newReporter(t, db, asOf, report.Config{})
		received := func(f, tt time.Time) int64 {
			m := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: street1, From: f, To: tt, Direct: true}))
			return m.Rates.Received
		}
		ms := time.Millisecond
		cases := []struct {
			name     string
			from, to time.Time
			want     int64
		}{
			{"the week: b1 at To and b2 before From are out", from, to, 11},
			{"one ms more takes b1 (received at To)", from, to.Add(ms), 12},
			{"one ms earlier takes b2", from.Add(-ms), to, 12},
			{"from one ms after o1 leaves it out", from.Add(ms), to, 10},
			{"only the instant of o1", from, from.Add(ms), 1},
			{"Monday alone: o1 o2", from, day(1, 0, 0), 2},
		}
		for _, c := range cases {
			if got := received(c.from, c.to); got != c.want {
				t.Errorf("%s: received %d, want %d", c.name, got, c.want)
			}
		}
	})
}
