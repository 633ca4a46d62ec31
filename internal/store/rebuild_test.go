package store

import (
	"context"
	"io/fs"
	"testing"

	"github.com/pressly/goose/v3"
)

// A store filed before 00070 keeps its orders and their timeline through
// the orders rebuild, accepts the new statuses after it, and ends with
// foreign keys on and intact.
func TestOrdersRebuildKeepsRowsAndForeignKeys(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sub, err := fs.Sub(migrations, "migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.sql, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 51); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO categories (code, name_zh, name_en, kind, route, urgency, reply_minutes, resolve_days, created_at, updated_at)
			VALUES ('road', '道路', 'Road', 'event', 'grid', 'normal', 120, 3, 1, 1)`,
		`INSERT INTO orders (id, number, channel, status, category_code, category_version, kind, urgency, reply_minutes,
			resolve_days, resolve_minutes, description, community_code, street_code, district_code, handler_level,
			received_at, reply_due_at, resolve_due_at, created_at, updated_at)
			VALUES (7, '202612070001', 'web', 'processing', 'road', 1, 'complaint', 'normal', 120, 3, 0, '坑', '1', '1', '1', 'grid', 1, 2, 3, 1, 1)`,
		`INSERT INTO order_co_handlers (order_id, department_code, added_at) VALUES (7, 'water', 1)`,
	} {
		if _, err := db.sql.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, `UPDATE orders SET status = 'suspended' WHERE id = 7`); err != nil {
		t.Fatalf("the widened CHECK refuses suspended: %v", err)
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders o JOIN order_co_handlers c ON c.order_id = o.id`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("order and co-handler after the rebuild: %d rows, %v", n, err)
	}
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("foreign key violations: %d, %v", n, err)
	}
	// Every pooled connection still enforces foreign keys.
	for i := 0; i < 3; i++ {
		if _, err := db.sql.ExecContext(ctx, `INSERT INTO order_co_handlers (order_id, department_code, added_at) VALUES (999, 'gas', 1)`); err == nil {
			t.Fatal("a co-handler of a missing order was accepted: foreign keys are off")
		}
	}
}

// The orders rebuild that lets the upstream channel in (Go step 511) works
// from the live table: a column and an index another migration added
// before it survive with their values, and the widened CHECK takes the new
// channel while still refusing unknown ones.
func TestGoRebuildKeepsLiveColumnsAndIndexes(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sub, err := fs.Sub(migrations, "migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.sql, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 510); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`ALTER TABLE orders ADD COLUMN probe TEXT NOT NULL DEFAULT ''`,
		`CREATE INDEX orders_probe ON orders(probe)`,
		`INSERT INTO categories (code, name_zh, name_en, kind, route, urgency, reply_minutes, resolve_days, created_at, updated_at)
			VALUES ('road', '道路', 'Road', 'event', 'grid', 'normal', 120, 3, 1, 1)`,
		`INSERT INTO orders (id, number, channel, status, category_code, category_version, kind, urgency, reply_minutes,
			resolve_days, resolve_minutes, description, community_code, street_code, district_code, handler_level,
			received_at, reply_due_at, resolve_due_at, created_at, updated_at, probe)
			VALUES (7, '202612070001', 'web', 'processing', 'road', 1, 'complaint', 'normal', 120, 3, 0, '坑', '1', '1', '1', 'grid', 1, 2, 3, 1, 1, 'kept')`,
	} {
		if _, err := db.sql.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var probe string
	if err := db.sql.QueryRowContext(ctx, `SELECT probe FROM orders WHERE id = 7`).Scan(&probe); err != nil || probe != "kept" {
		t.Fatalf("column added before the rebuild: %q, %v", probe, err)
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('orders_probe', 'orders_created_by')`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("indexes after the rebuild: %d of 2, %v", n, err)
	}
	if _, err := db.sql.ExecContext(ctx, `UPDATE orders SET channel = 'upstream' WHERE id = 7`); err != nil {
		t.Fatalf("the widened CHECK refuses upstream: %v", err)
	}
	if _, err := db.sql.ExecContext(ctx, `UPDATE orders SET channel = 'fax' WHERE id = 7`); err == nil {
		t.Fatal("the rebuilt CHECK takes an unknown channel")
	}
	if latest, err := LatestSchema(SQLite); err != nil || latest < 511 {
		t.Fatalf("LatestSchema(SQLite) = %d, %v; want the Go step counted", latest, err)
	}
}
