package bench

import (
	"context"
	"fmt"
	"os"
	"slices"

	"civicgrid/internal/store"
)

// intakeStore is the fresh store of an intake run and what a separate
// server process needs to open it.
type intakeStore struct {
	db      *store.DB
	dataDir string // the server's --data: uploads, the PII key and, on SQLite, the database
	url     string // the server's --db; "" for SQLite
	close   func()
}

// openIntakeStore opens a fresh, migrated store (see openStore) and finds
// how a server process reaches it: the SQLite file's directory, or the
// PostgreSQL URL with the bench schema as its search_path.
func openIntakeStore(ctx context.Context, cfg Config) (*intakeStore, error) {
	scratch, err := os.MkdirTemp("", "civicgrid-bench-intake-")
	if err != nil {
		return nil, err
	}
	st := &intakeStore{dataDir: scratch}
	open := cfg
	if cfg.Store == nil && cfg.DB == "" && cfg.DataDir != "" {
		st.dataDir = cfg.DataDir // the caller keeps it to look at
	} else if cfg.Store == nil && cfg.DB == "" {
		open.DataDir = scratch
	}
	db, closeDB, err := openStore(ctx, open)
	if err != nil {
		os.RemoveAll(scratch)
		return nil, err
	}
	st.db = db
	st.close = func() { closeDB(); os.RemoveAll(scratch) }
	if cfg.Store == nil && cfg.DB != "" {
		var schema string
		if err := db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			st.close()
			return nil, err
		}
		if st.url, err = withSearchPath(cfg.DB, schema); err != nil {
			st.close()
			return nil, err
		}
	}
	return st, nil
}

func countOrders(ctx context.Context, db *store.DB) (int64, error) {
	var n int64
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders`).Scan(&n)
	return n, err
}

// verifyStored checks, after the server has stopped, that every order it
// acknowledged is stored once under the number it was acknowledged with,
// and that nothing else was added: the count of orders grew by exactly the
// number acknowledged.
func verifyStored(ctx context.Context, db *store.DB, before int64, acked []string) (string, error) {
	rows, err := db.QueryContext(ctx, `SELECT number FROM orders WHERE idempotency_key LIKE ?`, intakeKeyPrefix+"%")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var stored []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return "", err
		}
		stored = append(stored, n)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	after, err := countOrders(ctx, db)
	if err != nil {
		return "", err
	}
	want := slices.Sorted(slices.Values(acked))
	slices.Sort(stored)
	if len(slices.Compact(slices.Clone(want))) != len(want) {
		return "", fmt.Errorf("the server acknowledged one order number twice")
	}
	if !slices.Equal(stored, want) {
		missing := 0
		for _, n := range want {
			if _, found := slices.BinarySearch(stored, n); !found {
				missing++
			}
		}
		return "", fmt.Errorf("LOST ORDERS: %d acknowledged, %d stored with the bench's keys, %d acknowledged numbers missing",
			len(want), len(stored), missing)
	}
	if after-before != int64(len(acked)) {
		return "", fmt.Errorf("orders grew by %d during the run, but %d were acknowledged", after-before, len(acked))
	}
	return fmt.Sprintf("%d orders acknowledged, the same %d numbers stored once each (%d orders before the run, %d after)",
		len(acked), len(stored), before, after), nil
}

// durabilityOf says how the store commits, to print beside the figures: a
// rate measured without fsync would mean little.
func durabilityOf(ctx context.Context, db *store.DB) (string, error) {
	if db.Dialect() == store.Postgres {
		var syncCommit, fsync string
		if err := db.QueryRowContext(ctx, `SELECT current_setting('synchronous_commit'), current_setting('fsync')`).Scan(&syncCommit, &fsync); err != nil {
			return "", err
		}
		return "synchronous_commit=" + syncCommit + ", fsync=" + fsync, nil
	}
	var journal string
	var sync int
	if err := db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&journal); err != nil {
		return "", err
	}
	if err := db.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync); err != nil {
		return "", err
	}
	names := map[int]string{0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
	return fmt.Sprintf("journal_mode=%s, synchronous=%s", journal, names[sync]), nil
}
