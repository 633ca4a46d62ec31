package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// within fails the test if fn has not returned after d: the mistakes
// below used to hang (SQLite's write turn) or wait out busy_timeout.
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still waiting after %v", d)
	}
}

func insertRegion(ctx context.Context, q store.Querier, code string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, created_at, updated_at)
		VALUES (?, ?, ?, 'province', ?, ?)`, code, "n"+code, "n"+code, int64(1), int64(1))
	return err
}

func countRegions(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM regions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestNestedInTxIsAnErrorOnBothStores(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var inner, outer error
		within(t, 3*time.Second, func() {
			outer = db.InTx(ctx, func(tx *store.Tx) error {
				if err := insertRegion(ctx, tx, "11"); err != nil {
					return err
				}
				inner = db.InTx(ctx, func(tx *store.Tx) error { return insertRegion(ctx, tx, "12") })
				return inner
			})
		})
		if !errors.Is(inner, store.ErrNestedTx) || !errors.Is(outer, store.ErrNestedTx) {
			t.Fatalf("inner InTx = %v, outer = %v; want ErrNestedTx", inner, outer)
		}
		if n := countRegions(t, db); n != 0 {
			t.Fatalf("regions = %d, want 0: the outer transaction must roll back", n)
		}
		// The guard is released: the next transaction runs.
		if err := db.InTx(ctx, func(tx *store.Tx) error { return insertRegion(ctx, tx, "13") }); err != nil {
			t.Fatal(err)
		}
	})
}

func TestWriteThroughDBInsideInTxIsAnError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var execErr, queryErr error
		var read int
		within(t, 3*time.Second, func() {
			_ = db.InTx(ctx, func(tx *store.Tx) error {
				_, execErr = db.ExecContext(ctx, `UPDATE regions SET name = 'x'`)
				var rows interface{ Close() error }
				rows, queryErr = db.QueryContext(ctx, ` insert INTO regions (code, name, official_name, level, created_at, updated_at)
					VALUES ('14', 'a', 'a', 'province', 1, 1) RETURNING code`)
				if queryErr == nil {
					rows.Close()
				}
				// Reads through the DB stay allowed.
				return db.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions`).Scan(&read)
			})
		})
		if !errors.Is(execErr, store.ErrWriteOutside) || !errors.Is(queryErr, store.ErrWriteOutside) {
			t.Fatalf("exec through db = %v, insert … returning = %v; want ErrWriteOutside", execErr, queryErr)
		}
		// Outside InTx, and from another goroutine during one, the DB writes.
		if err := insertRegion(ctx, db, "15"); err != nil {
			t.Fatal(err)
		}
		if n := countRegions(t, db); n != 1 {
			t.Fatalf("regions = %d, want 1", n)
		}
	})
}

func TestOtherGoroutinesMayWriteDuringInTx(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		started, release := make(chan struct{}), make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- db.InTx(ctx, func(tx *store.Tx) error {
				close(started)
				<-release
				return insertRegion(ctx, tx, "21")
			})
		}()
		<-started
		// This goroutine is not inside InTx: its write queues behind the
		// transaction (SQLite) or runs beside it (PostgreSQL), no error.
		writeDone := make(chan error, 1)
		go func() { writeDone <- insertRegion(ctx, db, "22") }()
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if err := <-writeDone; err != nil {
			t.Fatal(err)
		}
		if n := countRegions(t, db); n != 2 {
			t.Fatalf("regions = %d, want 2", n)
		}
	})
}
