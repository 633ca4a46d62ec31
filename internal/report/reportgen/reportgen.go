// Package reportgen generates a city of orders for measuring the report
// engine: the benchmark in internal/report and `civicgrid-bench stats`.
// The orders are written by SQL that generates them inside the database
// (a recursive CTE on SQLite, generate_series on PostgreSQL), in chunks,
// which is far faster than sending rows.
package reportgen

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// The city 2105 (本溪市) has Options.Districts districts (210501, 210502 …),
// each of Streets streets (9-digit codes …001 to …020) of Communities
// communities (12-digit codes) of Grids grids (15-digit codes).
const (
	City        = "2105"
	Streets     = 20
	Communities = 10
	Grids       = 5
)

// CoHandledEvery: one order in this many led by a department is
// co-handled (协办) by the next department of Departments.
const CoHandledEvery = 8

// Start is when the generated orders begin: 1 January 2024, China time.
var Start = time.Date(2024, 1, 1, 0, 0, 0, 0, zone.Shanghai())

// Span is how long orders keep arriving after Start, evenly: three years.
const Span = 3 * 365 * 24 * time.Hour

// Categories and Departments are what the orders are filed under and led by.
var (
	Categories = []string{"noise.disturb", "streetlight.out", "sewer.blocked", "road.pothole", "manhole.cover",
		"power.line", "sidewalk.damaged", "hydrant.damaged", "traffic.signal", "consult.policy"}
	Departments = []string{"chengguan", "shuiwu", "gongdian", "ranqi", "zhujian", "huanwei", "yuanlin", "gongan",
		"sifa", "shengtai", "shichang"}
)

// Options say what to generate.
type Options struct {
	Orders int64
	// Districts is how many districts the orders spread over; 0 means 10.
	Districts int
	// Seed varies places, categories and outcomes; the same seed gives the
	// same orders. Seed 0 gives the benchmark's historical data.
	Seed uint64
	// Progress, when set, is called after each chunk with the orders
	// written so far.
	Progress func(done int64)
}

// District is the code of district d (1-based).
func District(d int) string { return fmt.Sprintf("%s%02d", City, d) }

// Street is the code of street s (1-based) of district d.
func Street(d, s int) string { return fmt.Sprintf("%s%03d", District(d), s) }

// chunk is how many orders one statement generates.
const chunk = 500_000

// Generate writes the regions, the departments, the category catalogue
// and o.Orders orders into an empty, migrated store, then ANALYZEs it.
func Generate(ctx context.Context, db *store.DB, o Options) error {
	if o.Districts <= 0 {
		o.Districts = 10
	}
	if o.Districts > 99 {
		return fmt.Errorf("reportgen: %d districts: at most 99", o.Districts)
	}
	if err := org(ctx, db, o.Districts); err != nil {
		return err
	}
	if _, err := category.Seed(ctx, db); err != nil {
		return err
	}
	exec, done, err := bulkExec(ctx, db)
	if err != nil {
		return err
	}
	defer done()
	cols, values := orderSQL(o)
	for lo := int64(0); lo < o.Orders; lo += chunk {
		hi := min(lo+chunk, o.Orders) - 1
		var q string
		if db.Dialect() == store.Postgres {
			q = `INSERT INTO orders (` + cols + `) SELECT ` + values + ` FROM generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS g(i)`
		} else {
			q = `WITH RECURSIVE g(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM g WHERE i < ?) INSERT INTO orders (` + cols + `) SELECT ` + values + ` FROM g`
		}
		if err := exec(q, lo, hi); err != nil {
			return fmt.Errorf("reportgen: orders %d–%d: %w", lo, hi, err)
		}
		if o.Progress != nil {
			o.Progress(hi + 1)
		}
	}
	if err := exec(coHandlersSQL()); err != nil {
		return fmt.Errorf("reportgen: co-handlers: %w", err)
	}
	if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("reportgen: analyze: %w", err)
	}
	return nil
}

// org writes the city, its districts, streets and communities, and the
// departments, in one transaction.
func org(ctx context.Context, db *store.DB, districts int) error {
	return db.InTx(ctx, func(tx *store.Tx) error {
		add := func(code, level, parent string) error {
			var p any
			if parent != "" {
				p = parent
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, 1, 1)`, code, level+code, level+code, level, p)
			return err
		}
		if err := add(City, "city", ""); err != nil {
			return err
		}
		for d := 1; d <= districts; d++ {
			if err := add(District(d), "district", City); err != nil {
				return err
			}
			for s := 1; s <= Streets; s++ {
				if err := add(Street(d, s), "street", District(d)); err != nil {
					return err
				}
				for c := 1; c <= Communities; c++ {
					community := fmt.Sprintf("%s%03d", Street(d, s), c)
					if err := add(community, "community", Street(d, s)); err != nil {
						return err
					}
					for g := 1; g <= Grids; g++ {
						// Squares side by side, so the server's locator can
						// be built: a street's grids along a row, a
						// district's communities down a column.
						x0 := 123.0 + float64(s-1)*0.01*Grids + float64(g-1)*0.01
						y0 := 41.0 + float64(d-1)*0.01*Communities + float64(c-1)*0.01
						x1, y1 := x0+0.009, y0+0.009
						geometry := fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
							x0, y0, x1, y0, x1, y1, x0, y1, x0, y0)
						code := fmt.Sprintf("%s%03d", community, g)
						if _, err := tx.ExecContext(ctx, `INSERT INTO grids (code, community_code, seq, name, geometry,
							min_lng, min_lat, max_lng, max_lat, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)`,
							code, community, g, "grid"+code, geometry, x0, y0, x1, y1); err != nil {
							return err
						}
					}
				}
			}
		}
		for _, dep := range Departments {
			if _, err := tx.ExecContext(ctx, `INSERT INTO departments (code, name, region_code, created_at, updated_at)
				VALUES (?, ?, ?, 1, 1)`, dep, dep, City); err != nil {
				return err
			}
		}
		return nil
	})
}

// orderSQL is the column list and the SELECT list that make order i.
func orderSQL(o Options) (cols, values string) {
	span := Span.Milliseconds()
	t0 := store.Millis(Start)
	// h mixes i (shifted by the seed) so that place, category and outcome
	// look independent; it stays far below 2^63.
	shift := int64(o.Seed%(1<<30)) * 7919 % (1 << 30)
	h := fmt.Sprintf(`(((i + %d) * 2654435761) %% 4294967296)`, shift)
	cat := `CASE (` + h + ` / 7) % 10`
	for k, c := range Categories {
		cat += fmt.Sprintf(` WHEN %d THEN '%s'`, k, c)
	}
	cat += ` END`
	dept := `CASE (` + h + ` / 11) % 11`
	for k, d := range Departments {
		dept += fmt.Sprintf(` WHEN %d THEN '%s'`, k, d)
	}
	dept += ` END`
	district := fmt.Sprintf(`(%s01 + %s %% %d)`, City, h, o.Districts)
	street := `(` + district + ` * 1000 + 1 + (` + h + ` / 10) % 20)`
	community := `(` + street + ` * 1000 + 1 + (` + h + ` / 200) % 10)`
	grid := fmt.Sprintf(`(%s * 1000 + 1 + (%s / 2000) %% %d)`, community, h, Grids)
	received := fmt.Sprintf(`(%d + i * %d / %d)`, t0, span, max(o.Orders, 1))
	outcome := `((` + h + ` / 13) % 100)` // < 1 cancelled, < 3 merged, < 6 processing, < 14 resolved, else closed
	status := `CASE WHEN ` + outcome + ` < 1 THEN 'cancelled' WHEN ` + outcome + ` < 3 THEN 'merged' WHEN ` + outcome +
		` < 6 THEN 'processing' WHEN ` + outcome + ` < 14 THEN 'resolved' ELSE 'closed' END`
	done := outcome + ` >= 6`
	resolved := `CASE WHEN ` + done + ` THEN ` + received + ` + ((` + h + ` / 17) % 5) * 86400000 + 3600000 ELSE 0 END`
	callback := `CASE WHEN ` + outcome + ` >= 14 THEN ` + received + ` + 5 * 86400000 ELSE 0 END`
	rating := `CASE WHEN ` + outcome + ` < 14 THEN '' WHEN (` + h + ` / 19) % 10 < 7 THEN 'satisfied' WHEN (` + h +
		` / 19) % 10 < 9 THEN 'basic' ELSE 'unsatisfied' END`
	text := func(e string) string { return `CAST(` + e + ` AS TEXT)` }
	cols = `number, channel, status, category_code, category_version, kind, urgency, reply_minutes, resolve_days,
		resolve_minutes, description, grid_code, community_code, street_code, district_code, handler_level, handler_code,
		reworks, extensions, rating, received_at, reply_due_at, resolve_due_at, replied_at, resolved_at, callback_at,
		closed_at, created_at, updated_at`
	values = `'B' || ` + text(`i`) + `, CASE WHEN ` + h + ` % 20 = 0 THEN 'patrol' ELSE 'hotline' END, ` + status + `, ` +
		cat + `, 1, 'event', 'normal', 120, 3, 0, '', ` + text(grid) + `, ` + text(community) + `, ` + text(street) + `, ` + text(district) + `, ` +
		`CASE WHEN (` + h + ` / 23) % 10 < 6 THEN 'department' ELSE 'grid' END, ` +
		`CASE WHEN (` + h + ` / 23) % 10 < 6 THEN ` + dept + ` ELSE '' END, ` +
		`CASE WHEN (` + h + ` / 29) % 20 = 0 THEN 1 ELSE 0 END, CASE WHEN (` + h + ` / 31) % 25 = 0 THEN 1 ELSE 0 END, ` +
		rating + `, ` + received + `, ` + received + ` + 7200000, ` + received + ` + 3 * 86400000, ` +
		received + ` + ((` + h + ` / 37) % 150) * 60000, ` + resolved + `, ` + callback + `, ` +
		`CASE WHEN ` + outcome + ` >= 14 OR ` + outcome + ` < 3 THEN ` + received + ` + 5 * 86400000 ELSE 0 END, ` +
		received + `, ` + received
	return cols, values
}

// coHandlersSQL makes every CoHandledEvery-th order led by a department
// co-handled by the department after its own in Departments.
func coHandlersSQL() string {
	next := `CASE handler_code`
	for k, d := range Departments {
		next += fmt.Sprintf(` WHEN '%s' THEN '%s'`, d, Departments[(k+1)%len(Departments)])
	}
	next += ` END`
	return fmt.Sprintf(`INSERT INTO order_co_handlers (order_id, department_code, added_at, removed_at)
		SELECT id, %s, received_at, 0 FROM orders WHERE handler_level = 'department' AND id %% %d = 0`, next, CoHandledEvery)
}

// bulkCacheKiB is SQLite's page cache while generating: the default 2 MB
// makes every insert into the orders table's dozen indexes go to the file.
const bulkCacheKiB = 32 << 10

// bulkExec returns how to run the generating statements: on SQLite on one
// connection of the pool with a large page cache (given back to the
// default by done), on PostgreSQL on the pool.
func bulkExec(ctx context.Context, db *store.DB) (exec func(q string, args ...any) error, done func(), err error) {
	if db.Dialect() != store.SQLite {
		return func(q string, args ...any) error {
			_, err := db.ExecContext(ctx, q, args...)
			return err
		}, func() {}, nil
	}
	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	var cache int64
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
		conn.Close()
		return nil, nil, err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, bulkCacheKiB)); err != nil {
		conn.Close()
		return nil, nil, err
	}
	exec = func(q string, args ...any) error {
		_, err := conn.ExecContext(ctx, q, args...) // SQLite keeps '?': nothing to rebind
		return err
	}
	done = func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = %d`, cache))
		conn.Close()
	}
	return exec, done, nil
}
