package report_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// agree checks that the rollup answers every query exactly as a direct
// count at the rollup's watermark does, and that it did answer (at least
// partly) where it can. It returns how many queries it compared.
func agree(t *testing.T, rep *report.Reporter, periods [][2]time.Time) int {
	t.Helper()
	ctx := context.Background()
	st := must[report.RollupStatus](t)(rep.Status(ctx))
	if !st.Built {
		t.Fatal("rollup not built")
	}
	n := 0
	for _, p := range periods {
		for _, node := range []string{city, district, street1, street2, community1, community2, gridA} {
			for _, cat := range []string{"", "streetlight.out", "component.utility", "noise.disturb"} {
				for _, dept := range []string{"", "chengguan", "shuiwu"} {
					q := report.Query{Node: node, Category: cat, Department: dept, From: p[0], To: p[1]}
					roll := must[report.Measures](t)(rep.Measures(ctx, leader, q))
					q.AsOf = st.AsOf
					direct := must[report.Measures](t)(rep.Measures(ctx, leader, q))
					name := fmt.Sprintf("%s cat=%q dept=%q [%s, %s)", node, cat, dept, p[0].Format(time.DateTime), p[1].Format(time.DateTime))
					if roll.Counts != direct.Counts || !roll.AsOf.Equal(direct.AsOf) {
						t.Errorf("%s: rollup (%s) %+v as of %s\n direct %+v as of %s", name, roll.Source, roll.Counts, roll.AsOf, direct.Counts, direct.AsOf)
					}
					n++
				}
			}
		}
		for by, node := range map[report.Dimension]string{report.ByStreet: district, report.ByCommunity: street1,
			report.ByGrid: community1, report.ByDepartment: district} {
			for _, cat := range []string{"", "streetlight.out"} {
				q := report.Query{Node: node, Category: cat, From: p[0], To: p[1]}
				roll := must[report.Ranking](t)(rep.Rank(ctx, leader, q, by))
				q.AsOf = st.AsOf
				direct := must[report.Ranking](t)(rep.Rank(ctx, leader, q, by))
				if !reflect.DeepEqual(roll.Entries, direct.Entries) {
					t.Errorf("rank by %s at %s cat=%q: rollup (%s)\n%s direct\n%s", by, node, cat, roll.Source, summary(roll), summary(direct))
				}
				n++
			}
		}
	}
	return n
}

// TestRollupEqualsDirect: after a rebuild, and after each incremental
// refresh, the rollup (whole days) plus the orders table (partial days)
// give exactly the counts of the orders table alone, for every node,
// category, department and ranking, over aligned and unaligned periods.
func TestRollupEqualsDirect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		ctx := context.Background()
		clk := ordertest.NewNow(asOf)
		// No look-back, so each refresh recomputes exactly the days that
		// changed since the last.
		rep, err := report.New(report.Config{DB: db, Now: clk.Now, RefreshLag: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		// "slow" was filed the day before asOf with a long reply limit: its
		// reply falls due at 16:00 on the day of asOf.
		insert(t, db, row{name: "slow", grid: gridA, status: "dispatched", received: time.Date(2026, 3, 19, 10, 0, 0, 0, cst)})
		mustExec(t, db, `UPDATE orders SET reply_due_at = ? WHERE description = '测试工单 slow'`,
			store.Millis(time.Date(2026, 3, 20, 16, 0, 0, 0, cst)))
		periods := [][2]time.Time{
			{from, to},                                      // whole days
			{from.Add(5 * h), to.Add(-3 * h)},               // partial first and last days
			{day(1, 13, 0), day(1, 15, 0)},                  // inside one day
			{from.AddDate(0, 0, -7), from.AddDate(0, 1, 0)}, // a month around it
		}
		res := must[report.RefreshResult](t)(rep.Refresh(ctx)) // never built: rebuilds
		if !res.Rebuilt || res.Rows == 0 || !res.AsOf.Equal(asOf) {
			t.Fatalf("first refresh %+v, want a rebuild as of %s", res, asOf)
		}
		m := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: district, From: from.Add(5 * h), To: to}))
		if m.Source != "rollup+direct" {
			t.Errorf("unaligned period answered by %q, want rollup+direct", m.Source)
		}
		n := agree(t, rep, periods)

		// Nothing changed: a refresh recomputes nothing.
		clk.Set(asOf.Add(time.Hour))
		res = must[report.RefreshResult](t)(rep.Refresh(ctx))
		if res.Rebuilt || res.Skipped || res.Days != 0 || !res.AsOf.Equal(clk.Now()) {
			t.Errorf("idle refresh %+v", res)
		}

		// Changes: o5 resolved (late), a new order today, a callback on o3.
		clk.Set(asOf.Add(2 * time.Hour))
		now := store.Millis(clk.Now())
		mustExec(t, db, `UPDATE orders SET status = 'resolved', resolved_at = ?, updated_at = ? WHERE description = '测试工单 o5'`, now, now)
		mustExec(t, db, `UPDATE orders SET status = 'closed', callback_at = ?, closed_at = ?, rating = 'basic', updated_at = ?
			WHERE description = '测试工单 o3'`, now, now, now)
		insert(t, db, row{name: "late", grid: gridB, status: "dispatched", received: clk.Now().Add(-time.Hour)})
		mustExec(t, db, `UPDATE orders SET updated_at = ? WHERE description = '测试工单 late'`, now)
		clk.Advance(time.Minute)
		res = must[report.RefreshResult](t)(rep.Refresh(ctx))
		// o5 (Wednesday), o3 (Tuesday) and today's order: three days.
		if res.Days != 3 || res.Skipped {
			t.Errorf("refresh after three changes %+v, want 3 days", res)
		}
		n += agree(t, rep, append(periods, [2]time.Time{from, clk.Now().Add(24 * time.Hour)}))
		today := [2]time.Time{time.Date(2026, 3, 20, 0, 0, 0, 0, cst), time.Date(2026, 3, 21, 0, 0, 0, 0, cst)}
		m = must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: street1, From: today[0], To: today[1]}))
		// "late" was received an hour before the change: its reply (due 2 h
		// after receipt) is not yet due at the watermark.
		if m.Rates.Received != 1 || m.Rates.Response.Den != 0 {
			t.Errorf("today at street 1: %+v, want 1 received, no reply due yet", m.Rates)
		}

		// Time alone: two hours later the replies of "late" (due 15:00) and
		// "slow" (due 16:00) fell due unanswered. No row changed, yet the
		// refresh must recompute their days.
		clk.Advance(2 * time.Hour)
		res = must[report.RefreshResult](t)(rep.Refresh(ctx))
		if res.Days != 2 {
			t.Errorf("refresh after two deadlines passed %+v, want 2 days", res)
		}
		yesterday := [2]time.Time{time.Date(2026, 3, 19, 0, 0, 0, 0, cst), today[0]}
		m = must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: street1, From: yesterday[0], To: yesterday[1]}))
		if m.Source != "rollup" || m.Rates.Response.Den != 1 || m.Rates.Response.Num != 0 {
			t.Errorf("the day before, after the deadline (%s): 响应 %+v, want 0/1 from the rollup", m.Source, m.Rates.Response)
		}
		n += agree(t, rep, append(periods, today, yesterday))
		t.Logf("%d queries compared", n)
	})
}

// TestRollupConcurrency: a rebuild holds a lease (a second one is
// ErrBusy, a refresh gives way), and a refresh whose watermark moved
// under it gives way.
func TestRollupConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		ctx := context.Background()
		rep := newReporter(t, db, asOf, report.Config{})
		future := store.Millis(asOf.Add(time.Minute))
		mustExec(t, db, `UPDATE report_rollup_state SET lease_token = 'other', lease_until = ?`, future)
		if _, err := rep.Rebuild(ctx); !errors.Is(err, report.ErrBusy) {
			t.Errorf("rebuild under another node's lease: %v, want ErrBusy", err)
		}
		if res, err := rep.Refresh(ctx); err != nil || !res.Skipped {
			t.Errorf("refresh during another node's rebuild: %+v %v, want skipped", res, err)
		}
		st := must[report.RollupStatus](t)(rep.Status(ctx))
		if st.Built || !st.Rebuilding {
			t.Errorf("status %+v, want rebuilding and not built", st)
		}
		m := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: street1, From: from, To: to}))
		if m.Source != "direct" || m.Rates.Received != 11 {
			t.Errorf("unbuilt rollup: %s %d", m.Source, m.Rates.Received)
		}
		// The lease lapses: the rebuild goes ahead.
		mustExec(t, db, `UPDATE report_rollup_state SET lease_until = ?`, store.Millis(asOf.Add(-time.Second)))
		if _, err := rep.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		st = must[report.RollupStatus](t)(rep.Status(ctx))
		if !st.Built || st.Rebuilding || !st.AsOf.Equal(asOf) {
			t.Errorf("status after rebuild %+v", st)
		}
		// A rollup older than MaxAge (its refresh stopped) no longer answers.
		for age, want := range map[time.Duration]string{report.DefaultMaxAge: "rollup", report.DefaultMaxAge + time.Second: "direct"} {
			later := newReporter(t, db, asOf.Add(age), report.Config{})
			m := must[report.Measures](t)(later.Measures(ctx, leader, report.Query{Node: street1, From: from, To: to}))
			if m.Source != want || m.Rates.Received != 11 {
				t.Errorf("rollup %s old: %s %d, want %s and 11", age, m.Source, m.Rates.Received, want)
			}
		}
		// Another node moved the watermark while this one was counting:
		// simulated by a reporter whose clock is behind the watermark.
		behind := newReporter(t, db, asOf.Add(-time.Hour), report.Config{})
		if res, err := behind.Refresh(ctx); err != nil || !res.Skipped {
			t.Errorf("refresh behind the watermark: %+v %v, want skipped", res, err)
		}
	})
}
