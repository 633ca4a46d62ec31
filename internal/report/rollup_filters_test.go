package report_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Every filter the measures page and API offer — a node at every level,
// a leaf category, a level-1 class, a department (leading or
// co-handling), a category and a department together — and every
// ranking under them is answered by the rollup over whole days on a
// district, street or community, with exactly the counts of the orders
// table; a grid node and a ranking of grids are counted directly.
func TestRollupAnswersEveryFilter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		ctx := context.Background()
		id := func(name string) int64 {
			return scalarOf(t, db, `SELECT id FROM orders WHERE description = ?`, "测试工单 "+name)
		}
		// o1 (streetlight, chengguan) co-handled by shuiwu, o13 (ranqi) by
		// chengguan; gongdian's co-handling of o3 was withdrawn.
		for _, c := range []struct {
			order   string
			dept    string
			removed int64
		}{{"o1", "shuiwu", 0}, {"o13", "chengguan", 0}, {"o3", "gongdian", 2}} {
			mustExec(t, db, `INSERT INTO order_co_handlers (order_id, department_code, added_at, removed_at) VALUES (?, ?, 1, ?)`,
				id(c.order), c.dept, c.removed)
		}
		rep, err := report.New(report.Config{DB: db, Now: ordertest.NewNow(asOf).Now})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rep.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		st := must[report.RollupStatus](t)(rep.Status(ctx))
		cats := []string{"", "streetlight.out", "component", "noise.disturb"}
		depts := []string{"", "chengguan", "shuiwu", "ranqi", "gongdian"}
		nodes := []string{city, district, street1, street2, community1, community3, gridA}
		wantSource := func(node string, by report.Dimension) string {
			if len(node) == 15 || by == report.ByGrid {
				return "direct"
			}
			return "rollup"
		}
		compared, nonEmpty := 0, 0
		for _, node := range nodes {
			for _, cat := range cats {
				for _, dept := range depts {
					q := report.Query{Node: node, Category: cat, Department: dept, From: from, To: to}
					name := fmt.Sprintf("%s cat=%q dept=%q", node, cat, dept)
					roll := must[report.Measures](t)(rep.Measures(ctx, leader, q))
					q.AsOf = st.AsOf
					direct := must[report.Measures](t)(rep.Measures(ctx, leader, q))
					if roll.Source != wantSource(node, "") {
						t.Errorf("%s: answered by %q, want %q", name, roll.Source, wantSource(node, ""))
					}
					if roll.Counts != direct.Counts {
						t.Errorf("%s: rollup %+v\n direct %+v", name, roll.Counts, direct.Counts)
					}
					compared++
					if direct.Counts.Received > 0 {
						nonEmpty++
					}
				}
			}
		}
		ranks := []struct {
			node string
			by   report.Dimension
		}{{district, report.ByStreet}, {street1, report.ByCommunity}, {community1, report.ByGrid}}
		for _, node := range nodes {
			ranks = append(ranks, struct {
				node string
				by   report.Dimension
			}{node, report.ByDepartment})
		}
		for _, rk := range ranks {
			for _, cat := range cats {
				for _, dept := range depts {
					if dept != "" && rk.by == report.ByDepartment {
						continue // refused: nothing to rank
					}
					q := report.Query{Node: rk.node, Category: cat, Department: dept, From: from, To: to}
					name := fmt.Sprintf("rank by %s at %s cat=%q dept=%q", rk.by, rk.node, cat, dept)
					roll := must[report.Ranking](t)(rep.Rank(ctx, leader, q, rk.by))
					q.AsOf = st.AsOf
					direct := must[report.Ranking](t)(rep.Rank(ctx, leader, q, rk.by))
					if want := wantSource(rk.node, rk.by); roll.Source != want {
						t.Errorf("%s: answered by %q, want %q", name, roll.Source, want)
					}
					if !reflect.DeepEqual(roll.Entries, direct.Entries) {
						t.Errorf("%s: rollup\n%s direct\n%s", name, summary(roll), summary(direct))
					}
					compared++
				}
			}
		}
		// The fixture reaches every split: most filters select orders.
		if nonEmpty < compared/4 {
			t.Errorf("only %d of %d measures had orders: the comparison proves little", nonEmpty, compared)
		}
		// Co-handling reaches the split by category and department.
		q := report.Query{Node: street1, Category: "streetlight.out", Department: "shuiwu", From: from, To: to}
		m := must[report.Measures](t)(rep.Measures(ctx, leader, q))
		if m.Source != "rollup" || m.Counts.Received != 2 {
			t.Errorf("shuiwu's streetlight orders at street 1 (o3 led, o1 co-handled): %d from %q, want 2 from the rollup",
				m.Counts.Received, m.Source)
		}
		t.Logf("%d queries compared, %d measures with orders", compared, nonEmpty)
	})
}

// A class filter reads the class's own rollup rows, summed along the
// category tree as it was; when the catalogue's tree changes (a leaf
// moved to another class) the rollup stops answering until a refresh
// rebuilds it, and then agrees with the orders table again.
func TestRollupFollowsTheCategoryTree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		ctx := context.Background()
		rep, err := report.New(report.Config{DB: db, Now: ordertest.NewNow(asOf).Now})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rep.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		measure := func(cat string) report.Measures {
			t.Helper()
			return must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: district, Category: cat, From: from, To: to}))
		}
		before := measure("component")
		if before.Source != "rollup" || before.Counts.Received == 0 {
			t.Fatalf("class component: %d from %q, want orders from the rollup", before.Counts.Received, before.Source)
		}
		lights := measure("streetlight.out").Counts.Received
		// streetlight.out moves from component.utility to another class.
		mustExec(t, db, `UPDATE categories SET parent_code = 'event.street_order' WHERE code = 'streetlight.out'`)
		after := measure("component")
		if after.Source != "direct" || after.Counts.Received != before.Counts.Received-lights {
			t.Errorf("after the move: component %d from %q, want %d counted directly", after.Counts.Received, after.Source,
				before.Counts.Received-lights)
		}
		res := must[report.RefreshResult](t)(rep.Refresh(ctx))
		if !res.Rebuilt {
			t.Errorf("refresh after the tree changed: %+v, want a rebuild", res)
		}
		for _, cat := range []string{"component", "event.street_order", "streetlight.out"} {
			m := measure(cat)
			q := report.Query{Node: district, Category: cat, From: from, To: to, AsOf: m.AsOf}
			direct := must[report.Measures](t)(rep.Measures(ctx, leader, q))
			if m.Source != "rollup" || m.Counts != direct.Counts {
				t.Errorf("%s after the rebuild: %+v from %q, direct %+v", cat, m.Counts, m.Source, direct.Counts)
			}
		}
	})
}
