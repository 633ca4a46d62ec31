package report_test

import (
	"context"
	"testing"
	"time"

	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Co-handling departments (协办) are credited in department measures and
// the ranking by department, directly and from the rollup alike, while
// the totals of a node count each order once; a co-handler since removed
// is not credited.
func TestCoHandlersCredited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		ctx := context.Background()
		rep, err := report.New(report.Config{DB: db, Now: ordertest.NewNow(asOf).Now, RefreshLag: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		received := func(dept string) int64 {
			t.Helper()
			q := report.Query{Node: district, Department: dept, From: from, To: to, AsOf: asOf}
			return must[report.Measures](t)(rep.Measures(ctx, leader, q)).Counts.Received
		}
		ranked := func() map[string]int64 {
			t.Helper()
			r := must[report.Ranking](t)(rep.Rank(ctx, leader, report.Query{Node: district, From: from, To: to, AsOf: asOf}, report.ByDepartment))
			out := map[string]int64{}
			for _, e := range r.Entries {
				out[e.Code] = e.Counts.Received
			}
			return out
		}
		before := map[string]int64{}
		for _, d := range []string{"", "chengguan", "shuiwu", "ranqi", "gongdian"} {
			before[d] = received(d)
		}
		rankBefore := ranked()

		id := func(name string) int64 {
			return scalarOf(t, db, `SELECT id FROM orders WHERE description = ?`, "测试工单 "+name)
		}
		o1, o3 := id("o1"), id("o3") // led by chengguan, shuiwu
		add := func(order int64, dept string, removed int64) {
			mustExec(t, db, `INSERT INTO order_co_handlers (order_id, department_code, added_at, removed_at) VALUES (?, ?, 1, ?)`, order, dept, removed)
		}
		add(o1, "shuiwu", 0)
		add(o3, "ranqi", 0)
		add(o3, "gongdian", 2) // removed: no longer credited
		want := map[string]int64{"": before[""], "chengguan": before["chengguan"], "shuiwu": before["shuiwu"] + 1,
			"ranqi": before["ranqi"] + 1, "gongdian": before["gongdian"]}
		check := func(how string) {
			t.Helper()
			for d, w := range want {
				if got := received(d); got != w {
					t.Errorf("%s: department %q received %d, want %d", how, d, got, w)
				}
			}
			got := ranked()
			for d, w := range want {
				if d != "" && got[d] != w {
					t.Errorf("%s: ranking gives %q %d received, want %d (before %d)", how, d, got[d], w, rankBefore[d])
				}
			}
		}
		check("direct")
		if _, err := rep.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		q := report.Query{Node: district, Department: "shuiwu", From: from, To: to}
		if m := must[report.Measures](t)(rep.Measures(ctx, leader, q)); m.Source != "rollup" || m.Counts.Received != want["shuiwu"] {
			t.Errorf("rollup: shuiwu from %q received %d, want %d from the rollup", m.Source, m.Counts.Received, want["shuiwu"])
		}
		if m := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: district, From: from, To: to})); m.Counts.Received != want[""] {
			t.Errorf("rollup: district received %d, want %d (co-handled orders counted once)", m.Counts.Received, want[""])
		}
		agree(t, rep, [][2]time.Time{{from, to}, {from.Add(5 * h), to.Add(-3 * h)}})
	})
}

func scalarOf(t *testing.T, db *store.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
