package report_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// The daily flow of seedWeek in district 210504 (o15 lies in another
// district, b1 and b2 outside the week), by CST day of the week:
//
//	received  Mon o1 o2 o13 · Tue o3 o4 o14 · Wed o5 o6 · Thu o7 o8 ·
//	          Fri o9 o10 · Sat o11 · Sun —                  = 3 3 2 2 2 1 0
//	resolved  (done now, by resolved_at) Tue o1 o13 · Wed o2 o14 ·
//	          Thu o4 o6 · Fri o10 · Sat o3 · o11 falls after the week;
//	          plus e1, received the week before, resolved on Tuesday
//	                                                       = 0 3 2 2 1 1 0
func TestTrend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		// Received before the week, resolved in it: a flow counts it on
		// the day it was resolved.
		insert(t, db, row{name: "e1", grid: gridC, status: "resolved", received: from.Add(-2 * d), replied: h,
			resolved: 3*d + 10*h})
		rep := newReporter(t, db, asOf, report.Config{})
		ctx := context.Background()

		tr := must[report.Trend](t)(rep.Trend(ctx, leader, report.Query{Node: district, From: from, To: to}))
		wantTrend(t, "district", tr, "2026-03-02", []int64{3, 3, 2, 2, 2, 1, 0}, []int64{0, 3, 2, 2, 1, 1, 0})

		// A department's trend: chengguan leads o1, o2, o6 in the week.
		tr = must[report.Trend](t)(rep.Trend(ctx, leader, report.Query{Node: district, Department: "chengguan", From: from, To: to}))
		wantTrend(t, "chengguan", tr, "2026-03-02", []int64{2, 0, 1, 0, 0, 0, 0}, []int64{0, 1, 1, 1, 0, 0, 0})

		// Street 2 (o13 o14 and e1), seen by its own street user.
		s2 := nodeScope(auth.RoleStreet, street2)
		tr = must[report.Trend](t)(rep.Trend(ctx, s2, report.Query{Node: street2, From: from, To: to}))
		wantTrend(t, "street 2", tr, "2026-03-02", []int64{1, 1, 0, 0, 0, 0, 0}, []int64{0, 2, 1, 0, 0, 0, 0})

		// Nothing after the as-of time: judged on Wednesday noon the
		// week stops at Wednesday, o6 (15:00) is not yet counted, and
		// of Wednesday's resolutions o2 (10:00) and o14 (12:00 sharp) are.
		early := newReporter(t, db, day(2, 12, 0), report.Config{})
		tr = must[report.Trend](t)(early.Trend(ctx, leader, report.Query{Node: district, From: from, To: to}))
		wantTrend(t, "as of Wednesday noon", tr, "2026-03-02", []int64{3, 3, 1}, []int64{0, 3, 2})

		// Scope: street 2's user may not look at street 1.
		if _, err := rep.Trend(ctx, s2, report.Query{Node: street1, From: from, To: to}); !errors.Is(err, report.ErrNotFound) {
			t.Errorf("street 2 user on street 1: %v, want ErrNotFound", err)
		}
		if _, err := rep.Trend(ctx, leader, report.Query{Node: district, From: to, To: from}); !errors.Is(err, report.ErrInvalid) {
			t.Errorf("reversed period: %v, want ErrInvalid", err)
		}
	})
}

func wantTrend(t *testing.T, what string, tr report.Trend, first string, received, resolved []int64) {
	t.Helper()
	if len(tr.Days) != len(received) {
		t.Fatalf("%s: %d days, want %d: %+v", what, len(tr.Days), len(received), tr.Days)
	}
	if tr.Days[0].Date != first {
		t.Errorf("%s: first day %s, want %s", what, tr.Days[0].Date, first)
	}
	for i, dd := range tr.Days {
		if want := mustDate(t, first).AddDate(0, 0, i).Format(time.DateOnly); dd.Date != want {
			t.Errorf("%s: day %d is %s, want %s", what, i, dd.Date, want)
		}
		if dd.Received != received[i] || dd.Resolved != resolved[i] {
			t.Errorf("%s: %s received %d resolved %d, want %d and %d", what, dd.Date, dd.Received, dd.Resolved,
				received[i], resolved[i])
		}
	}
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation(time.DateOnly, s, cst)
	if err != nil {
		t.Fatal(fmt.Errorf("date %s: %w", s, err))
	}
	return v
}
