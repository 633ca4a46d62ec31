package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/store"
)

// Databases this package creates are named prefix_<unix seconds>_<random>,
// so a later run can tell a stale one (from a killed run) by its age.
const (
	fixturePrefix = "cgfix"
	copyPrefix    = "cgt"
	// staleAfter is past CI's 45-minute per-package timeout (.ci/run).
	staleAfter = time.Hour
)

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminErr  error
	// createMu serialises copies: PostgreSQL refuses to copy a template
	// that another session is connected to or copying.
	createMu sync.Mutex
)

// requirePostgres returns the server URL, or skips (fails when required)
// the test when PostgreSQL is switched off or away.
func requirePostgres(t testing.TB) string {
	t.Helper()
	base, err := postgresURL()
	if err == nil {
		return base
	}
	if base == "off" {
		t.Skip("CIVICGRID_TEST_PG=off: only sqlite ran")
	}
	if pgRequired() {
		t.Fatalf("postgres required but not reachable at %s: %v", base, err)
	}
	t.Skipf("postgres not reachable at %s (%v): only sqlite ran", base, err)
	return ""
}

func admin(base string) (*sql.DB, error) {
	adminOnce.Do(func() {
		adminDB, adminErr = sql.Open("pgx", base)
		if adminErr == nil {
			adminDB.SetMaxOpenConns(4)
			sweepStale(context.Background(), adminDB)
		}
	})
	return adminDB, adminErr
}

// createDatabase creates an empty database (or a copy of template) and
// returns its name.
func createDatabase(ctx context.Context, base, prefix, template string) (string, error) {
	a, err := admin(base)
	if err != nil {
		return "", err
	}
	name := fmt.Sprintf("%s_%d_%s", prefix, time.Now().Unix(), randomHex(4))
	q := "CREATE DATABASE " + name
	if template != "" {
		q += " TEMPLATE " + template
	}
	createMu.Lock()
	defer createMu.Unlock()
	if _, err := a.ExecContext(ctx, q); err != nil {
		return "", fmt.Errorf("storetest: %s: %w", q, err)
	}
	return name, nil
}

func dropDatabase(ctx context.Context, base, name string) error {
	a, err := admin(base)
	if err != nil {
		return err
	}
	_, err = a.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	return err
}

// copyDatabase opens a new database copied from template, dropped when the
// test ends.
func copyDatabase(t testing.TB, base, template string) *store.DB {
	t.Helper()
	ctx := context.Background()
	name, err := createDatabase(ctx, base, copyPrefix, template)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := dropDatabase(context.Background(), base, name); err != nil {
			t.Logf("drop %s: %v", name, err)
		}
	})
	db, err := store.Open(ctx, withDatabase(base, name), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// withDatabase returns base pointing at database name.
func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String()
}

// sweepStale drops the databases of runs that ended without cleaning up
// (killed, or timed out) long enough ago that no test still uses them.
func sweepStale(ctx context.Context, a *sql.DB) {
	rows, err := a.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`,
		fixturePrefix+`\_%`, copyPrefix+`\_%`)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) != nil {
			continue
		}
		parts := strings.Split(name, "_")
		if len(parts) != 3 {
			continue
		}
		sec, err := strconv.ParseInt(parts[1], 10, 64)
		if err == nil && time.Since(time.Unix(sec, 0)) > staleAfter {
			stale = append(stale, name)
		}
	}
	rows.Close()
	for _, name := range stale {
		_, _ = a.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
}
