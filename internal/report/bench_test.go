package report_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// The benchmark city: 10 districts (210501–210510) of 20 streets of 10
// communities, and CIVICGRID_REPORT_BENCH_ORDERS orders (default 200,000;
// the target is 10,000,000) received evenly over three years from
// 1 January 2024, so one district-year holds a thirtieth of them.
//
//	CIVICGRID_REPORT_BENCH_ORDERS=10000000 go test -run '^$' -bench . -benchtime 20x -timeout 3h ./internal/report/
const (
	benchDistricts = 10
	benchStreets   = 20
	benchComms     = 10
)

var benchStart = time.Date(2024, 1, 1, 0, 0, 0, 0, cst)

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

var benchCategories = []string{"noise.disturb", "streetlight.out", "sewer.blocked", "road.pothole", "manhole.cover",
	"power.line", "sidewalk.damaged", "hydrant.damaged", "traffic.signal", "consult.policy"}

var benchDepartments = []string{"chengguan", "shuiwu", "gongdian", "ranqi", "zhujian", "huanwei", "yuanlin", "gongan",
	"sifa", "shengtai", "shichang"}

// seedBench writes the org and n orders with SQL that generates them in
// the database (a recursive CTE on SQLite, generate_series on
// PostgreSQL), in chunks.
func seedBench(b *testing.B, db *store.DB, n int64) {
	ctx := context.Background()
	mustExec(b, db, `INSERT INTO regions (code, name, official_name, level, created_at, updated_at) VALUES ('2105', '本溪市', '本溪市', 'city', 1, 1)`)
	err := db.InTx(ctx, func(tx *store.Tx) error {
		add := func(code, level, parent string) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, 1, 1)`, code, level+code, level+code, level, parent)
			return err
		}
		for d := 1; d <= benchDistricts; d++ {
			dc := fmt.Sprintf("2105%02d", d)
			if err := add(dc, "district", "2105"); err != nil {
				return err
			}
			for s := 1; s <= benchStreets; s++ {
				sc := fmt.Sprintf("%s%03d", dc, s)
				if err := add(sc, "street", dc); err != nil {
					return err
				}
				for c := 1; c <= benchComms; c++ {
					if err := add(fmt.Sprintf("%s%03d", sc, c), "community", sc); err != nil {
						return err
					}
				}
			}
		}
		for _, d := range benchDepartments {
			if _, err := tx.ExecContext(ctx, `INSERT INTO departments (code, name, region_code, created_at, updated_at)
				VALUES (?, ?, '2105', 1, 1)`, d, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := category.Seed(ctx, db); err != nil {
		b.Fatal(err)
	}
	span := int64(3 * 365 * 24 * time.Hour / time.Millisecond)
	t0 := store.Millis(benchStart)
	// h mixes i so that place, category and outcome look independent.
	h := `((i * 2654435761) % 4294967296)`
	cat := `CASE (` + h + ` / 7) % 10`
	for k, c := range benchCategories {
		cat += fmt.Sprintf(` WHEN %d THEN '%s'`, k, c)
	}
	cat += ` END`
	dept := `CASE (` + h + ` / 11) % 11`
	for k, d := range benchDepartments {
		dept += fmt.Sprintf(` WHEN %d THEN '%s'`, k, d)
	}
	dept += ` END`
	district := `(210501 + ` + h + ` % 10)`
	street := `(` + district + ` * 1000 + 1 + (` + h + ` / 10) % 20)`
	community := `(` + street + ` * 1000 + 1 + (` + h + ` / 200) % 10)`
	received := fmt.Sprintf(`(%d + i * %d / %d)`, t0, span, n)
	outcome := `((` + h + ` / 13) % 100)` // < 1 cancelled, < 3 merged, < 6 processing, < 14 resolved, else closed
	status := `CASE WHEN ` + outcome + ` < 1 THEN 'cancelled' WHEN ` + outcome + ` < 3 THEN 'merged' WHEN ` + outcome +
		` < 6 THEN 'processing' WHEN ` + outcome + ` < 14 THEN 'resolved' ELSE 'closed' END`
	done := outcome + ` >= 6`
	resolved := `CASE WHEN ` + done + ` THEN ` + received + ` + ((` + h + ` / 17) % 5) * 86400000 + 3600000 ELSE 0 END`
	callback := `CASE WHEN ` + outcome + ` >= 14 THEN ` + received + ` + 5 * 86400000 ELSE 0 END`
	rating := `CASE WHEN ` + outcome + ` < 14 THEN '' WHEN (` + h + ` / 19) % 10 < 7 THEN 'satisfied' WHEN (` + h +
		` / 19) % 10 < 9 THEN 'basic' ELSE 'unsatisfied' END`
	text := func(e string) string { return `CAST(` + e + ` AS TEXT)` }
	cols := `number, channel, status, category_code, category_version, kind, urgency, reply_minutes, resolve_days,
		resolve_minutes, description, grid_code, community_code, street_code, district_code, handler_level, handler_code,
		reworks, extensions, rating, received_at, reply_due_at, resolve_due_at, replied_at, resolved_at, callback_at,
		closed_at, created_at, updated_at`
	values := `'B' || ` + text(`i`) + `, CASE WHEN ` + h + ` % 20 = 0 THEN 'patrol' ELSE 'hotline' END, ` + status + `, ` +
		cat + `, 1, 'event', 'normal', 120, 3, 0, '', '', ` + text(community) + `, ` + text(street) + `, ` + text(district) + `, ` +
		`CASE WHEN (` + h + ` / 23) % 10 < 6 THEN 'department' ELSE 'grid' END, ` +
		`CASE WHEN (` + h + ` / 23) % 10 < 6 THEN ` + dept + ` ELSE '' END, ` +
		`CASE WHEN (` + h + ` / 29) % 20 = 0 THEN 1 ELSE 0 END, CASE WHEN (` + h + ` / 31) % 25 = 0 THEN 1 ELSE 0 END, ` +
		rating + `, ` + received + `, ` + received + ` + 7200000, ` + received + ` + 3 * 86400000, ` +
		received + ` + ((` + h + ` / 37) % 150) * 60000, ` + resolved + `, ` + callback + `, ` +
		`CASE WHEN ` + outcome + ` >= 14 OR ` + outcome + ` < 3 THEN ` + received + ` + 5 * 86400000 ELSE 0 END, ` +
		received + `, ` + received
	const chunk = 500_000
	for lo := int64(0); lo < n; lo += chunk {
		hi := min(lo+chunk, n) - 1
		var q string
		if db.Dialect() == store.Postgres {
			q = `INSERT INTO orders (` + cols + `) SELECT ` + values + ` FROM generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS g(i)`
		} else {
			q = `WITH RECURSIVE g(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM g WHERE i < ?) INSERT INTO orders (` + cols + `) SELECT ` + values + ` FROM g`
		}
		if _, err := db.ExecContext(ctx, q, lo, hi); err != nil {
			b.Fatalf("generate orders %d–%d: %v", lo, hi, err)
		}
	}
	mustExec(b, db, `ANALYZE`)
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
			seedBench(b, db, n)
			b.Logf("%s: %d orders generated in %s", dialect, n, time.Since(start).Round(time.Millisecond))
			ctx := context.Background()
			clk := &clock{t: benchStart.AddDate(3, 0, 0)}
			// No look-back: each refresh recomputes just the 100 changed district-days.
			rep, err := report.New(report.Config{DB: db, Now: clk.now, RefreshLag: time.Millisecond})
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
					clk.t = clk.t.Add(time.Minute)
					mustExec(b, db, `UPDATE orders SET updated_at = ? WHERE id IN (`+spread+`)`, store.Millis(clk.t))
					b.StartTimer()
					if _, err := rep.Refresh(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
