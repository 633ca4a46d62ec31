package store_test

import (
	"context"
	"fmt"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Statements are prepared once per query text on SQLite and give the same
// answers as unprepared ones, through the pool and inside transactions,
// also when a statement is pushed out of the cache while a query of it is
// still being read. PostgreSQL keeps none (pgx caches its own).
func TestPreparedStatementsAreReusedAndStayCorrect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 12
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for i := 0; i < n; i++ {
				if _, err := tx.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, created_at, updated_at)
					VALUES (?, ?, ?, 'province', 1, 1)`, fmt.Sprint(10+i), fmt.Sprint("r", i), "o"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		name := func(q store.Querier, code int) string {
			t.Helper()
			var s string
			if err := q.QueryRowContext(ctx, `SELECT name FROM regions WHERE code = ?`, fmt.Sprint(code)).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		for i := 0; i < n; i++ {
			if got, want := name(db, 10+i), fmt.Sprint("r", i); got != want {
				t.Fatalf("region %d: name %q, want %q", 10+i, got, want)
			}
		}
		held := store.StmtsHeld(db)
		if db.Dialect() == store.Postgres {
			if held != 0 {
				t.Fatalf("PostgreSQL holds %d statements, want none", held)
			}
			return
		}
		if held != 2 { // the insert and the select, each once
			t.Fatalf("%d statements held after two query texts, want 2", held)
		}

		// A cache of 3: reading one query's rows while eleven other
		// texts push its statement out.
		store.ShrinkStmtCache(db, 3)
		err = db.InTx(ctx, func(tx *store.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT code FROM regions ORDER BY code`)
			if err != nil {
				return err
			}
			defer rows.Close()
			seen := 0
			for rows.Next() {
				var code string
				if err := rows.Scan(&code); err != nil {
					return err
				}
				if code != fmt.Sprint(10+seen) {
					return fmt.Errorf("row %d: code %s, want %d", seen, code, 10+seen)
				}
				// A different text each time (the literal differs).
				var got string
				q := fmt.Sprintf(`SELECT name || '%d' FROM regions WHERE code = ?`, seen)
				if err := tx.QueryRowContext(ctx, q, code).Scan(&got); err != nil {
					return err
				}
				if want := fmt.Sprintf("r%d%d", seen, seen); got != want {
					return fmt.Errorf("region %s: %q, want %q", code, got, want)
				}
				seen++
			}
			if seen != n {
				return fmt.Errorf("read %d rows, want %d", seen, n)
			}
			return rows.Err()
		})
		if err != nil {
			t.Fatal(err)
		}
		if held := store.StmtsHeld(db); held != 3 {
			t.Fatalf("%d statements held, want the cache's 3", held)
		}
		if got := name(db, 15); got != "r5" {
			t.Fatalf("after evictions: name %q, want r5", got)
		}
	})
}
