package report_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/report"
	"civicgrid/internal/report/reportgen"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// The benchmark city (reportgen): 10 districts (210501–210510) of 20
// streets of 10 communities, and CIVICGRID_REPORT_BENCH_ORDERS orders
// (default 200,000; the target is 10,000,000) received evenly over
// three years from 1 January 2024, so one district-year holds a thirtieth
// of them. `civicgrid-bench stats` measures the same page against the
// orders table in one run.
//
//	CIVICGRID_REPORT_BENCH_ORDERS=10000000 go test -run '^$' -bench . -benchtime 20x -timeout 3h ./internal/report/
var benchStart = reportgen.Start

func benchOrders(b *testing.B) int64 {
	n := int64(200_000)
	if s := os.Getenv("CIVICGRID_REPORT_BENCH_ORDERS"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v <= 0 {
			b.Fatalf("CIVICGRID_REPORT_BENCH_ORDERS=%q", s)
		}
		n = v
	}
	return n
}

// BenchmarkMeasuresPage times what the measures page of a district and of
// a street asks for one year (2025): the node's measures, the ranking of
// its streets (communities) and of the departments — from the rollup, and
// directly from the orders table.
func BenchmarkMeasuresPage(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			db := storetest.SQLite(b)
			if dialect == "postgres" {
				db = storetest.Postgres(b)
			}
			n := benchOrders(b)
			start := time.Now()
			if err := reportgen.Generate(context.Background(), db, reportgen.Options{Orders: n}); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %d orders generated in %s", dialect, n, time.Since(start).Round(time.Millisecond))
			ctx := context.Background()
			clk := ordertest.NewNow(benchStart.AddDate(3, 0, 0))
			// No look-back: each refresh recomputes just the 100 changed district-days.
			rep, err := report.New(report.Config{DB: db, Now: clk.Now, RefreshLag: time.Millisecond})
			if err != nil {
				b.Fatal(err)
			}
			res, err := rep.Rebuild(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: rollup rebuilt in %s: %d days, %d rows", dialect, res.Took.Round(time.Millisecond), res.Days, res.Rows)
			viewer := auth.ScopeOf(auth.User{ID: 1, Role: auth.RoleLeader, NodeCode: "2105"}, "")
			year := report.Query{From: time.Date(2025, 1, 1, 0, 0, 0, 0, cst), To: time.Date(2026, 1, 1, 0, 0, 0, 0, cst)}
			page := func(b *testing.B, node string, below report.Dimension, direct bool) {
				q := year
				q.Node, q.Direct = node, direct
				m, err := rep.Measures(ctx, viewer, q)
				if err != nil {
					b.Fatal(err)
				}
				if m.Rates.Received == 0 {
					b.Fatal("no orders in the year")
				}
				for _, by := range []report.Dimension{below, report.ByDepartment} {
					if _, err := rep.Rank(ctx, viewer, q, by); err != nil {
						b.Fatal(err)
					}
				}
			}
			for _, c := range []struct {
				name, node string
				below      report.Dimension
			}{{"district", "210504", report.ByStreet}, {"street", "210504007", report.ByCommunity}} {
				for _, direct := range []bool{false, true} {
					name := c.name + "/rollup"
					if direct {
						name = c.name + "/direct"
					}
					b.Run(name, func(b *testing.B) {
						for b.Loop() {
							page(b, c.node, c.below, direct)
						}
					})
				}
			}
			var spread string
			for k := int64(0); k < 100; k++ {
				if k > 0 {
					spread += ", "
				}
				spread += strconv.FormatInt(1+k*max(n/100, 1), 10)
			}
			// A refresh after 100 orders received on 100 different days changed.
			b.Run("refresh-100-days", func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					clk.Advance(time.Minute)
					mustExec(b, db, `UPDATE orders SET updated_at = ? WHERE id IN (`+spread+`)`, store.Millis(clk.Now()))
					b.StartTimer()
					if _, err := rep.Refresh(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
