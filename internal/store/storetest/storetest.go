// Package storetest runs a test against every store that is reachable:
// SQLite always, PostgreSQL whenever it answers (docs/design.md §7).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/store"
)

// DefaultPG is used when CIVICGRID_TEST_PG is unset.
const DefaultPG = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

var (
	pgOnce sync.Once
	pgURL  string
	pgErr  error
)

// pgRequired is true in CI, or when the URL was named explicitly: then an
// unreachable PostgreSQL fails the test instead of skipping it. "off" is
// an explicit choice to run SQLite only, so it skips even in CI.
func pgRequired() bool {
	v := os.Getenv("CIVICGRID_TEST_PG")
	if v == "off" {
		return false
	}
	return os.Getenv("CI") == "true" || v != ""
}

func postgresURL() (string, error) {
	pgOnce.Do(func() {
		pgURL = os.Getenv("CIVICGRID_TEST_PG")
		if pgURL == "" {
			pgURL = DefaultPG
		}
		if pgURL == "off" {
			pgErr = fmt.Errorf("CIVICGRID_TEST_PG=off")
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		db, err := sql.Open("pgx", pgURL)
		if err == nil {
			err = db.PingContext(ctx)
			db.Close()
		}
		pgErr = err
	})
	return pgURL, pgErr
}

// Each runs fn as subtests "sqlite" and "postgres", each on a fresh,
// migrated store of its own (in parallel, if the package asked for it:
// RunInParallel).
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	goParallel(t)
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// migrated is an empty, migrated store: copying it is cheaper than
// migrating (18 migrations take seconds on PostgreSQL).
var migrated = NewFixture(func(context.Context, *store.DB) (struct{}, error) { return struct{}{}, nil })

// SQLite opens a fresh migrated SQLite store in a temporary directory.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	db, _ := migrated.SQLite(t)
	return db
}

// Postgres opens a fresh migrated store in a database of its own, dropped
// when the test ends, or skips (fails in CI) when PostgreSQL is away.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	db, _ := migrated.Postgres(t)
	return db
}

// PostgresURL creates an empty schema for the test, dropped when it ends,
// and returns a URL whose search_path points at it — for tests that start
// the real binary with --db. It skips (fails in CI) when PostgreSQL is away.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := requirePostgres(t)
	ctx := context.Background()
	admin, err := store.Open(ctx, base, "")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := "t_" + randomHex(8)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a, err := store.Open(context.Background(), base, "")
		if err == nil {
			_, _ = a.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return strings.ToLower(hex.EncodeToString(b))
}
