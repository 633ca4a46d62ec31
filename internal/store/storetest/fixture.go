package storetest

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"civicgrid/internal/store"
)

// A Fixture is a store built once per test binary and store kind, and
// copied for every test that asks for it: building the demo district takes
// seconds, copying it milliseconds. SQLite writes out the checkpointed
// file, kept in memory (so nothing is left behind on disk); PostgreSQL
// copies a database with CREATE DATABASE … TEMPLATE. Each copy
// is the test's own, so tests may change it freely and run in parallel.
// T is what the build returns beside the data (the demo passwords), handed
// to every copy of that kind.
type Fixture[T any] struct {
	build func(ctx context.Context, db *store.DB) (T, error)

	sqliteOnce sync.Once
	sqliteFile []byte // the built civicgrid.db
	sqliteVal  T
	sqliteErr  error

	pgOnce sync.Once
	pgName string // the template database
	pgVal  T
	pgErr  error
}

// NewFixture returns a fixture that build fills, on a migrated empty
// store, the first time a test asks for it.
func NewFixture[T any](build func(ctx context.Context, db *store.DB) (T, error)) *Fixture[T] {
	return &Fixture[T]{build: build}
}

// Each runs fn as subtests "sqlite" and "postgres", each on a fresh copy
// of the fixture.
func (f *Fixture[T]) Each(t *testing.T, fn func(t *testing.T, db *store.DB, v T)) {
	t.Helper()
	goParallel(t)
	t.Run("sqlite", func(t *testing.T) { db, v := f.SQLite(t); fn(t, db, v) })
	t.Run("postgres", func(t *testing.T) { db, v := f.Postgres(t); fn(t, db, v) })
}

// SQLite returns a fresh SQLite copy of the fixture, in a temporary
// directory of the test's own.
func (f *Fixture[T]) SQLite(t testing.TB) (*store.DB, T) {
	t.Helper()
	f.sqliteOnce.Do(func() { f.sqliteErr = f.buildSQLite() })
	if f.sqliteErr != nil {
		t.Fatalf("sqlite fixture: %v", f.sqliteErr)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "civicgrid.db"), f.sqliteFile, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, f.sqliteVal
}

func (f *Fixture[T]) buildSQLite() error {
	dir, err := os.MkdirTemp("", "civicgrid-fixture-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		return err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return err
	}
	if f.sqliteVal, err = f.build(ctx, db); err != nil {
		db.Close()
		return err
	}
	// Fold the WAL into the main file, so that one file holds everything.
	if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		db.Close()
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	f.sqliteFile, err = os.ReadFile(filepath.Join(dir, "civicgrid.db"))
	return err
}

// Postgres returns a fresh PostgreSQL database copied from the fixture,
// dropped when the test ends, or skips as Postgres does when PostgreSQL
// is away.
func (f *Fixture[T]) Postgres(t testing.TB) (*store.DB, T) {
	t.Helper()
	base := requirePostgres(t)
	f.pgOnce.Do(func() { f.pgErr = f.buildPostgres(base) })
	if f.pgErr != nil {
		t.Fatalf("postgres fixture: %v", f.pgErr)
	}
	return copyDatabase(t, base, f.pgName), f.pgVal
}

func (f *Fixture[T]) buildPostgres(base string) error {
	ctx := context.Background()
	name, err := createDatabase(ctx, base, "cgfix", "")
	if err != nil {
		return err
	}
	f.pgName = name
	registerCleanup(func() { _ = dropDatabase(context.Background(), base, name) })
	db, err := store.Open(ctx, withDatabase(base, name), "")
	if err != nil {
		return err
	}
	// The template must have no open connection while it is copied.
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	f.pgVal, err = f.build(ctx, db)
	return err
}

var (
	cleanupMu sync.Mutex
	cleanups  []func()
)

func registerCleanup(fn func()) {
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	cleanups = append(cleanups, fn)
}

// AtExit runs fn after the package's tests, from Main: for what a test
// binary shares between tests (a browser process) and must stop.
func AtExit(fn func()) { registerCleanup(fn) }

// Main runs the package's tests, then removes the fixtures they built.
// Call it from TestMain; without it a PostgreSQL fixture stays behind until
// a later run sweeps it (sweepStale).
func Main(m *testing.M) int {
	code := m.Run()
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	for _, fn := range cleanups {
		fn()
	}
	cleanups = nil
	return code
}
