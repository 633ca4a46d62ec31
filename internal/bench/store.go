package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"civicgrid/internal/store"
)

// openStore opens a fresh, migrated civicgrid store for a bench, or takes
// cfg.Store: SQLite in cfg.DataDir (which must not hold a store yet) or a
// temporary directory, or, with cfg.DB, a new schema in that PostgreSQL. A
// bench never touches existing data. The returned func closes the store
// and removes what it made (except a --data directory, kept to inspect).
func openStore(ctx context.Context, cfg Config) (*store.DB, func(), error) {
	if cfg.Store != nil {
		return cfg.Store, func() {}, nil
	}
	if cfg.Keep != "" {
		return openKeptStore(ctx, cfg)
	}
	if cfg.DB != "" {
		return openPostgresStore(ctx, cfg.DB)
	}
	dir, removeDir := cfg.DataDir, func() {}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "civicgrid-bench-")
		if err != nil {
			return nil, nil, err
		}
		dir, removeDir = tmp, func() { os.RemoveAll(tmp) }
	} else if _, err := os.Stat(filepath.Join(dir, "civicgrid.db")); err == nil {
		return nil, nil, fmt.Errorf("--data %s already holds a civicgrid.db: a bench needs a fresh directory", dir)
	}
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		removeDir()
		return nil, nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		removeDir()
		return nil, nil, err
	}
	return db, func() { db.Close(); removeDir() }, nil
}

func openPostgresStore(ctx context.Context, base string) (*store.DB, func(), error) {
	admin, err := store.Open(ctx, base, "")
	if err != nil {
		return nil, nil, err
	}
	defer admin.Close()
	schema := newSchemaName()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		return nil, nil, fmt.Errorf("create bench schema: %w", err)
	}
	drop := func() {
		// The run's context may be cancelled (Ctrl-C): clean up regardless.
		cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if a, err := store.Open(cctx, base, ""); err == nil {
			_, _ = a.ExecContext(cctx, "DROP SCHEMA "+schema+" CASCADE")
			a.Close()
		}
	}
	u, err := withSearchPath(base, schema)
	if err != nil {
		drop()
		return nil, nil, err
	}
	db, err := store.Open(ctx, u, "")
	if err != nil {
		drop()
		return nil, nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		drop()
		return nil, nil, err
	}
	return db, func() { db.Close(); drop() }, nil
}

// withSearchPath returns the URL with search_path set, so every connection
// of the pool lands in the bench's schema.
func withSearchPath(base, searchPath string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", errors.New("bad PostgreSQL URL (want postgres://user@host:port/db?…)")
	}
	q := u.Query()
	q.Set("search_path", searchPath)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// newSchemaName is a fresh lower-case identifier, safe to splice into SQL.
func newSchemaName() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "bench_" + hex.EncodeToString(b)
}

// keptSchema is what a --keep name must look like on PostgreSQL: it is
// spliced into SQL.
var keptSchema = regexp.MustCompile(`^[a-z][a-z0-9_]{0,40}$`)

// openKeptStore opens (making it on the first run) the store cfg.Keep
// names and migrates it; it is never removed, so a long generation (10 M
// orders) is paid once.
func openKeptStore(ctx context.Context, cfg Config) (*store.DB, func(), error) {
	var db *store.DB
	if cfg.DB != "" {
		if !keptSchema.MatchString(cfg.Keep) {
			return nil, nil, fmt.Errorf("--keep %q: on PostgreSQL a schema name of lower-case letters, digits and _", cfg.Keep)
		}
		admin, err := store.Open(ctx, cfg.DB, "")
		if err != nil {
			return nil, nil, err
		}
		_, err = admin.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+cfg.Keep)
		admin.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("create kept schema: %w", err)
		}
		u, err := withSearchPath(cfg.DB, cfg.Keep)
		if err != nil {
			return nil, nil, err
		}
		if db, err = store.Open(ctx, u, ""); err != nil {
			return nil, nil, err
		}
	} else {
		if err := os.MkdirAll(cfg.Keep, 0o755); err != nil {
			return nil, nil, err
		}
		var err error
		if db, err = store.Open(ctx, "", cfg.Keep); err != nil {
			return nil, nil, err
		}
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, func() { db.Close() }, nil
}
