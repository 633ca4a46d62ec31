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
