package report_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// summary prints a ranking as "rank code score/thin" lines for a
// readable comparison.
func summary(r report.Ranking) string {
	var b strings.Builder
	for _, e := range r.Entries {
		score := "—"
		if e.Rates.Score.Defined {
			score = fmt.Sprintf("%.4f", e.Rates.Score.Value)
		}
		fmt.Fprintf(&b, "%d %s %s valid=%d thin=%v\n", e.Rank, e.Code, score, e.Rates.Valid, e.Rates.Score.Thin)
	}
	return b.String()
}

// TestRankings ranks the units of seedWeek; the scores are the hand
// computations of measures_test.go:
//
//	streets of 210504: street 2 100 (2 orders, thin); street 1 628/9 ≈
//	69.78; street 3 no orders (undefined, last, rank 0).
//	communities of street 1: community 2 (o10 only: 响应 1/1, 办结 1/1, no
//	rating → 100, thin); community 1 (valid 8: 响应 6/8, 办结 6/8, 满意
//	3/5 → 7.5 + 33.75 + 27 = 68.25).
//	grids of community 1: B (o3 o4 o11: 响应 3/3, 办结 3/3, 满意 1/2 →
//	10 + 45 + 22.5 = 77.5); A 63.
//	departments at 210504: gongdian (o14) and ranqi (o13) both 100 — a
//	tie, in code order, both rank 1; chengguan 245/3 ≈ 81.67 (rank 3);
//	shuiwu (o3 o5 o11: 响应 3/3, 办结 2/3, 满意 0/1 → 10 + 30 + 0 = 40);
//	huanwei no orders; faraway serves another district and is not listed.
func TestRankings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		ctx := context.Background()
		// No minimum number of orders: the figures are the hand computations
		// (TestRankingMinimum tests the minimum).
		rep := newReporter(t, db, asOf, report.Config{MinSample: 3, MinRanked: -1})
		cases := []struct {
			by   report.Dimension
			node string
			want string
		}{
			{report.ByStreet, district, "1 210504004 100.0000 valid=2 thin=true\n2 210504002 69.7778 valid=9 thin=false\n0 210504006 — valid=0 thin=true\n"},
			{report.ByCommunity, street1, "1 210504002002 100.0000 valid=1 thin=true\n2 210504002001 68.2500 valid=8 thin=false\n"},
			{report.ByGrid, community1, "1 210504002001002 77.5000 valid=3 thin=true\n2 210504002001001 63.0000 valid=5 thin=false\n"},
			{report.ByDepartment, district, "1 gongdian 100.0000 valid=1 thin=true\n1 ranqi 100.0000 valid=1 thin=true\n" +
				"3 chengguan 81.6667 valid=3 thin=false\n4 shuiwu 40.0000 valid=3 thin=true\n0 huanwei — valid=0 thin=true\n"},
		}
		check := func(t *testing.T, source func(report.Dimension) string) {
			for _, c := range cases {
				r := must[report.Ranking](t)(rep.Rank(ctx, leader, report.Query{Node: c.node, From: from, To: to}, c.by))
				if got := summary(r); got != c.want {
					t.Errorf("rank by %s at %s:\n%s\nwant\n%s", c.by, c.node, got, c.want)
				}
				if r.Source != source(c.by) || r.MinSample != 3 {
					t.Errorf("rank by %s: source %q min sample %d, want %q and 3", c.by, r.Source, r.MinSample, source(c.by))
				}
			}
			// Exact figures behind two of the rows.
			r := must[report.Ranking](t)(rep.Rank(ctx, leader, report.Query{Node: district, From: from, To: to}, report.ByStreet))
			wantScore(t, "street 1 in ranking", r.Entries[1].Rates.Score, 628.0/9)
			if r.Entries[1].Name != "r"+street1 || r.Entries[1].Counts.Received != 11 {
				t.Errorf("street 1 entry %+v", r.Entries[1])
			}
			r = must[report.Ranking](t)(rep.Rank(ctx, leader, report.Query{Node: district, From: from, To: to}, report.ByDepartment))
			wantScore(t, "chengguan in ranking", r.Entries[2].Rates.Score, 245.0/3)
			wantRate(t, "shuiwu 办结率", r.Entries[3].Rates.Resolve, 2, 3)
		}
		t.Run("direct", func(t *testing.T) { check(t, func(report.Dimension) string { return "direct" }) })
		if _, err := rep.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		// Grids are always counted directly (the rollup stops at
		// communities); the other rankings come from the rollup.
		t.Run("rollup", func(t *testing.T) {
			check(t, func(by report.Dimension) string {
				if by == report.ByGrid {
					return "direct"
				}
				return "rollup"
			})
		})
	})
}

// TestRankingMinimum: with a minimum of 3 valid orders, street 2 (2
// orders, score 100) is listed with its figures but unranked, after street
// 1 (9 valid, 628/9), which is ranked first; street 3 (none) stays last.
func TestRankingMinimum(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		rep := newReporter(t, db, asOf, report.Config{MinSample: 3, MinRanked: 3})
		r, err := rep.Rank(context.Background(), leader, report.Query{Node: district, From: from, To: to}, report.ByStreet)
		if err != nil {
			t.Fatal(err)
		}
		want := "1 210504002 69.7778 valid=9 thin=false\n0 210504004 100.0000 valid=2 thin=true\n0 210504006 — valid=0 thin=true\n"
		if got := summary(r); got != want || r.MinRanked != 3 || !r.Entries[1].Unranked || r.Entries[0].Unranked {
			t.Errorf("ranking with a minimum of 3:\n%s\nwant\n%s (min %d)", got, want, r.MinRanked)
		}
	})
}
