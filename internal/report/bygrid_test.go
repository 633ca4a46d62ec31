package report_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Per grid, seedWeek's week in district 210504 (judged at asOf):
//
//	grid A  o1 o2 o5 o6 o8 o9 → received 6; due a resolution o1 o2 o6
//	        (done) and o5 (open past due; o8 merged and o9 suspended are
//	        not due) = 4, on time o1 o2 o6 = 3 → overdue 1/4
//	grid B  o3 o4 o11 → received 3; due 3, on time o4 o11 (o3 late) → 1/3
//	grid C  o13 o14 → received 2; due 2, both on time → 0/2
//	no grid o7 o10 (community 2) → unplaced, received 2
func TestByGrid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		rep := newReporter(t, db, asOf, report.Config{})
		ctx := context.Background()

		g := must[report.GridFigures](t)(rep.ByGrid(ctx, leader, report.Query{Node: district, From: from, To: to}))
		if len(g.Grids) != 3 {
			t.Fatalf("district: %d grids, want 3: %+v", len(g.Grids), g.Grids)
		}
		want := []struct {
			code     string
			received int64
			late     float64
			due      int64
		}{{gridA, 6, 1, 4}, {gridB, 3, 1, 3}, {gridC, 2, 0, 2}}
		for i, w := range want {
			got := g.Grids[i]
			if got.Code != w.code || got.Counts.Received != w.received || got.Rates.Received != w.received {
				t.Errorf("grid %d: %s received %d, want %s received %d", i, got.Code, got.Counts.Received, w.code, w.received)
			}
			wantRate(t, "overdue of "+w.code, got.Overdue, w.late, w.due)
		}
		if g.Unplaced.Received != 2 {
			t.Errorf("unplaced received %d, want 2 (o7, o10)", g.Unplaced.Received)
		}
		// The grid rows add up to the node's received count.
		m := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: district, From: from, To: to, Direct: true}))
		sum := g.Unplaced.Received
		for _, gf := range g.Grids {
			sum += gf.Counts.Received
		}
		if sum != m.Counts.Received {
			t.Errorf("grids and unplaced sum to %d, the district received %d", sum, m.Counts.Received)
		}

		// A community holds only its own grids.
		g = must[report.GridFigures](t)(rep.ByGrid(ctx, leader, report.Query{Node: community1, From: from, To: to}))
		if len(g.Grids) != 2 || g.Grids[0].Code != gridA || g.Grids[1].Code != gridB {
			t.Errorf("community 1: %+v, want grids A and B", g.Grids)
		}

		// A department user sees their own department's orders only:
		// chengguan led o1, o2 and o6, all in grid A.
		cg := deptScope("chengguan", district)
		g = must[report.GridFigures](t)(rep.ByGrid(ctx, cg, report.Query{Node: district, From: from, To: to}))
		if len(g.Grids) != 1 || g.Grids[0].Code != gridA || g.Grids[0].Counts.Received != 3 || g.Department != "chengguan" {
			t.Errorf("chengguan: %+v, want grid A with 3 orders", g.Grids)
		}

		s2 := nodeScope(auth.RoleStreet, street2)
		if _, err := rep.ByGrid(ctx, s2, report.Query{Node: street1, From: from, To: to}); !errors.Is(err, report.ErrNotFound) {
			t.Errorf("street 2 user on street 1: %v, want ErrNotFound", err)
		}
	})
}
