// Package store owns connections, the SQL dialect, migrations and
// transactions. Domain packages own their SQL and call through Querier.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Querier is what domain code runs SQL through: a DB or a Tx. Every method
// takes '?' placeholders and rebinds them for the dialect.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

// DB is a connection pool with its dialect.
type DB struct {
	sql     *sql.DB
	dialect Dialect
	// writer serialises this process's SQLite transactions in Go and lets
	// queued callers share a commit (groupcommit.go); nil on PostgreSQL.
	// Other processes (a CLI import) still meet busy_timeout.
	writer *sqliteWriter
	// Where is a short, password-free description for logs and test output.
	Where string
	// guard refuses nested InTx and writes past the Tx (txguard.go).
	guard *txGuard
	// stmts keeps SQLite statements prepared (stmtcache.go); nil on
	// PostgreSQL.
	stmts *stmtCache
}

// Open connects to PostgreSQL when url starts with postgres:// or
// postgresql://, and otherwise opens (creating if needed) the SQLite file
// civicgrid.db under dataDir.
func Open(ctx context.Context, url, dataDir string) (*DB, error) {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return openPostgres(ctx, url)
	}
	if url != "" {
		return nil, fmt.Errorf("store: unsupported database URL %q (want postgres://…, or none for SQLite)", redact(url))
	}
	return openSQLite(ctx, dataDir)
}

func openSQLite(ctx context.Context, dataDir string) (*DB, error) {
	if dataDir == "" {
		return nil, errors.New("store: no data directory given")
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data directory: %w", err)
	}
	path := filepath.Join(dataDir, "civicgrid.db")
	// busy_timeout must come before journal_mode: switching to WAL itself
	// needs the lock. _txlock=immediate takes the write lock at BEGIN, so
	// two writers queue instead of failing with SQLITE_BUSY mid-transaction.
	// cache_size: 32 MiB of pages per connection instead of 2 MiB — large
	// registers (a district's people, 8 indexes) otherwise read pages
	// through a system call each; a 30,000-people ledger import spent a
	// third less CPU inserting (civicgrid-bench ledger).
	// temp_store(MEMORY): group commit runs each caller in a savepoint, and
	// the savepoints' statement journal spilled to a temporary file past
	// 64 KiB — a pwrite per first change of a page, a tenth of intake's
	// CPU. It only serves rollbacks to a savepoint; the WAL, and so
	// durability, is unchanged.
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=cache_size(-32768)&_pragma=temp_store(MEMORY)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	return &DB{sql: db, dialect: SQLite, Where: "sqlite " + path, writer: newSQLiteWriter(), guard: &txGuard{},
		stmts: newStmtCache(db, maxStmts)}, nil
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect postgres %s: %w", redact(url), err)
	}
	return &DB{sql: db, dialect: Postgres, Where: "postgres " + redact(url), guard: &txGuard{}}, nil
}

// redact drops a password from a URL before it reaches a log.
func redact(url string) string {
	at := strings.LastIndex(url, "@")
	scheme := strings.Index(url, "://")
	if at < 0 || scheme < 0 {
		return url
	}
	userinfo := url[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return url[:scheme+3] + userinfo[:i] + ":***" + url[at:]
	}
	return url
}

func (db *DB) Dialect() Dialect { return db.dialect }

// SQL exposes the pool for the few callers that need it (goose, stats).
func (db *DB) SQL() *sql.DB { return db.sql }

func (db *DB) Close() error {
	db.stmts.close()
	return db.sql.Close()
}

func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

func (db *DB) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if db.guard.inside() {
		return nil, ErrWriteOutside
	}
	if db.writer != nil && isWrite(q) {
		return db.execInGroup(ctx, q, args)
	}
	q = db.dialect.Rebind(q)
	if st := db.stmts.get(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return db.sql.ExecContext(ctx, q, args...)
}

func (db *DB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if isWrite(q) && db.guard.inside() {
		return nil, ErrWriteOutside
	}
	q = db.dialect.Rebind(q)
	if st := db.stmts.get(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return db.sql.QueryContext(ctx, q, args...)
}

// QueryRowContext is not guarded: a *sql.Row cannot carry an error made
// outside database/sql, and a cancelled context would only say "canceled".
func (db *DB) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	q = db.dialect.Rebind(q)
	if st := db.stmts.get(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.sql.QueryRowContext(ctx, q, args...)
}
